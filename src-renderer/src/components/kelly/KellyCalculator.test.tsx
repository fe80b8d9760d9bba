// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookFromView, kellyPlan, walkBook } from '@shared/math';
import { useAppStore } from '../../state/app-store';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore } from '../../state/market-store';
import { CONDITION, marketFixture, snapshotFixture, YES_TOKEN } from '../../test/fixtures';
import { formatMicro, formatPercent, formatShares, formatUsd } from '../format';
import { KellyCalculator } from './KellyCalculator';

const text = (id: string): string => screen.getByTestId(id).textContent ?? '';
const type = (id: string, value: string): void => {
  fireEvent.change(screen.getByTestId(id), { target: { value } });
};

beforeEach(() => {
  useMarketStore.setState({
    markets: [marketFixture()],
    selectedConditionId: CONDITION,
    outcome: 'YES',
    snapshots: { [YES_TOKEN]: snapshotFixture() },
  });
  useAppStore.setState({ account: { collateral: 2_500_000_000, positions: [] } });
  useEntryStore.setState({ tab: 'kelly', kellyPrefill: null });
});
afterEach(cleanup);

describe('KellyCalculator', () => {
  it('shows exactly what the shared kellyPlan computes for typed numbers (lessons §4 worked case)', () => {
    render(<KellyCalculator />);
    fireEvent.click(screen.getByTestId('kelly-price-mode'));
    fireEvent.click(screen.getByTestId('kelly-bankroll-mode'));
    type('kelly-price', '0.40');
    type('kelly-bankroll', '1000');
    type('kelly-belief', '0.6');
    type('kelly-kellyFraction', '0.25');
    type('kelly-cap', '5000');
    const plan = kellyPlan({
      belief: 0.6,
      kellyFraction: 0.25,
      bankrollMicros: 1_000_000_000,
      maxPositionMicros: 5_000_000_000,
      priceMicros: 400_000,
      feeRate: 0,
    });
    expect(text('kelly-full')).toBe('33.33%');
    expect(text('kelly-fraction')).toBe('8.33%');
    expect(text('kelly-full')).toBe(formatPercent(plan.fullFraction));
    expect(text('kelly-fraction')).toBe(formatPercent(plan.fraction));
    expect(text('kelly-shares')).toBe(formatShares(plan.sharesMicros));
    expect(text('kelly-cost')).toBe(formatUsd(plan.costMicros));
    expect(text('kelly-ev')).toBe(formatUsd(plan.evMicros));
    expect(text('kelly-growth')).toBe(plan.expLogGrowth.toFixed(5));
    expect(plan.sharesMicros).toBeGreaterThan(0);
  });

  it('uses the live ask and the account balance, and walks the live book for the size', () => {
    render(<KellyCalculator />);
    type('kelly-belief', '0.7');
    type('kelly-cap', '5000');
    type('kelly-feeRate', '0.04');
    const snapshot = snapshotFixture();
    const input = {
      belief: 0.7,
      kellyFraction: 0.25,
      bankrollMicros: 2_500_000_000,
      maxPositionMicros: 5_000_000_000,
      priceMicros: 520_000,
      feeRate: 0.04,
    };
    const plan = kellyPlan(input);
    expect((screen.getByTestId('kelly-price') as HTMLInputElement).value).toBe('0.52');
    expect(text('kelly-shares')).toBe(formatShares(plan.sharesMicros));
    expect(text('kelly-cost')).toBe(formatUsd(plan.costMicros));

    const walk = walkBook(bookFromView(snapshot), 'BUY', plan.sharesMicros);
    expect(text('kelly-walk-avg')).toBe(formatMicro(walk.avgPriceMicros));
    const last = kellyPlan({ ...input, priceMicros: walk.lastPriceMicros ?? 0 });
    const edge = 0.7 - (last.topCost ?? 0);
    expect(text('kelly-last-edge')).toContain(edge.toFixed(4));
    const bookPlan = kellyPlan({
      ...input,
      priceMicros: undefined,
      asks: snapshot.asks.map((l) => ({ priceMicros: l.price, sizeMicros: l.size })),
    });
    expect(text('kelly-book-size')).toContain(`${formatShares(bookPlan.sharesMicros)} shares`);
  });

  it('counts the shares already held, as the strategy does', () => {
    useAppStore.setState({
      account: {
        collateral: 1_000_000_000,
        positions: [{ tokenId: YES_TOKEN, size: 300_000_000 }],
      },
    });
    render(<KellyCalculator />);
    fireEvent.click(screen.getByTestId('kelly-price-mode'));
    type('kelly-price', '0.40');
    type('kelly-belief', '0.6');
    const input = {
      belief: 0.6,
      kellyFraction: 0.25,
      bankrollMicros: 1_000_000_000,
      maxPositionMicros: 5_000_000_000,
      priceMicros: 400_000,
    };
    const held = kellyPlan({ ...input, heldYesMicros: 300_000_000 });
    expect(held.sharesMicros).toBeLessThan(kellyPlan(input).sharesMicros);
    expect(text('kelly-shares')).toBe(formatShares(held.sharesMicros));
    expect(text('kelly-capped')).toContain('Counts the 300 shares already held');
  });

  it('shows invalid input at the field and computes nothing', () => {
    render(<KellyCalculator />);
    type('kelly-belief', '1.5');
    type('kelly-cap', '-3');
    expect(text('kelly-error-belief')).not.toBe('');
    expect(text('kelly-error-cap')).not.toBe('');
    expect(text('kelly-shares')).toBe('—');
    expect((screen.getByTestId('kelly-use') as HTMLButtonElement).disabled).toBe(true);
  });

  it('"Use these numbers" hands belief, λ, cap and price to the Kelly order form', () => {
    render(<KellyCalculator />);
    type('kelly-belief', '0.65');
    fireEvent.click(screen.getByTestId('kelly-use'));
    const state = useEntryStore.getState();
    expect(state.tab).toBe('order');
    expect(state.kellyPrefill).toMatchObject({
      winProbability: '0.65',
      kellyFraction: '0.25',
      maxPositionSize: '5000',
      bankroll: '',
      maxPriceMicros: 520_000,
    });
  });
});
