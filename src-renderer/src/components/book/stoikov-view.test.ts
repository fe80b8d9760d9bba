import { describe, expect, it } from 'vitest';
import type { StoikovFigure } from '@shared/domain/market';
import { snapshotFixture } from '../../test/fixtures';
import { buildLadder } from './ladder-rows';
import { stoikovText } from './stoikov-view';

const figure = (over: Partial<StoikovFigure> = {}): StoikovFigure => ({
  microPrice: null,
  fitted: false,
  note: 'too little data to fit (24 usable transitions, fewer than the 100 needed)',
  transitions: 24,
  minTransitions: 100,
  model: null,
  ...over,
});

describe('stoikovText', () => {
  it('shows the price once there is one', () => {
    expect(stoikovText(figure({ microPrice: 514_286, fitted: true, note: null }))).toMatchObject({
      value: '0.5143',
      priced: true,
    });
  });

  it('says it is fitting while the token has too little data', () => {
    const text = stoikovText(figure());
    expect(text).toMatchObject({ value: 'fitting (24/100 transitions)', priced: false });
    expect(text.title).toContain('quotes use the weighted mid');
  });

  it('gives the fallback note when the fit cannot price this book or did not converge', () => {
    expect(
      stoikovText(figure({ fitted: true, transitions: 300, note: 'spread outside 1..3 ticks' }))
        .value,
    ).toBe('weighted mid (spread outside 1..3 ticks)');
    expect(
      stoikovText(
        figure({ transitions: 150, note: 'too little data to fit (8 mid moves, fewer than …)' }),
      ).value,
    ).toBe('weighted mid (too little data to fit (8 mid moves, fewer than …))');
    expect(stoikovText(undefined)).toMatchObject({ value: 'unavailable', priced: false });
  });
});

describe('buildLadder with Stoikov shown', () => {
  const priced = snapshotFixture({
    stoikov: figure({ microPrice: 517_000, fitted: true, note: null }),
  });

  it('marks the row Stoikov’s micro-price falls in, only when asked', () => {
    expect(buildLadder(priced).rows.some((r) => r.stoikovOffset !== null)).toBe(false);
    const rows = buildLadder(priced, 40, true).rows.filter((r) => r.stoikovOffset !== null);
    expect(rows.map((r) => r.priceMicros)).toEqual([520_000]);
    expect(rows[0]?.stoikovOffset).toBeCloseTo(-0.3);
  });

  it('marks nothing while there is no Stoikov price', () => {
    const fitting = snapshotFixture({ stoikov: figure() });
    expect(buildLadder(fitting, 40, true).rows.some((r) => r.stoikovOffset !== null)).toBe(false);
  });
});
