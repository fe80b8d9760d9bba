import type { Locator, Page } from '@playwright/test';
import { calls } from '../src-shared/ipc/contract';
import type { CallName, CallParams, CallResult } from '../src-shared/ipc/contract';
import type { CallOutcome } from '../src-shared/ipc/wire';
import type { StrategyType } from '../src-shared/domain/order-request';
import { microsToDecimal } from '../src-shared/math';
import { expect, hostUrl, test } from './fixtures';

/**
 * The execution report on the paper exchange: one order of each strategy that fills (an iceberg
 * that takes on the trending, fee-charging market, a micro-price and a Kelly quote on the wide,
 * busy one), then the Report tab: every strategy's row with its filled size and slippage, the
 * markout curve and the slippage histogram drawn, and an order's fills on its micro-price once
 * it is selected.
 */

/**
 * Markets the other specs' checks do not depend on: what this spec leaves held there changes
 * nothing for them (the Kelly calculator in trading.spec counts shares held of its market).
 */
const TRENDING = 'btc-above-150k-on-march-31';
/** Three ticks wide and busy: a passive bid inside the spread is hit within seconds. */
const WIDE = 'champions-league-final-winner-home';
const TICK = 10_000;
const SHARE = 1_000_000;
const STRATEGIES: StrategyType[] = ['iceberg', 'micro_price', 'kelly'];
const SHOTS = '/tmp/polydesk-report';

/** A call over the host's HTTP transport, its reply checked by the contract. */
async function callHost<N extends CallName>(
  page: Page,
  method: N,
  params: CallParams<N>,
): Promise<CallResult<N>> {
  const url = new URL(hostUrl());
  const res = await page.request.post(`${url.origin}/api/call/${method}`, {
    headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
    data: params,
  });
  const outcome = (await res.json()) as CallOutcome;
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
  return calls[method].result.parse(outcome.result) as CallResult<N>;
}

async function tokenOf(page: Page, slug: string, outcome: 'Yes' | 'No'): Promise<string> {
  const { markets } = await callHost(page, 'market.list', {});
  const token = markets.find((m) => m.slug === slug)?.tokens.find((t) => t.outcome === outcome);
  if (!token) throw new Error(`no ${outcome} token for ${slug}`);
  return token.tokenId;
}

/** Selects the market in the UI (its book is then watched and recorded) and waits for its book. */
async function selectMarket(page: Page, slug: string): Promise<void> {
  await page.locator(`[data-testid="market-row"][data-slug="${slug}"]`).click();
  await expect(page.locator('.ladder-row.best-ask')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('.ladder-row.best-bid')).toHaveCount(1);
}

async function bestAsk(page: Page, tokenId: string): Promise<number> {
  let ask: number | null = null;
  await expect
    .poll(
      async () => {
        const snapshot = await callHost(page, 'market.watch', { tokenId });
        ask = snapshot?.bestAsk ?? null;
        return ask;
      },
      { timeout: 30_000 },
    )
    .not.toBeNull();
  return ask ?? 0;
}

async function heldMicros(page: Page, tokenId: string): Promise<number> {
  const { positions } = await callHost(page, 'portfolio.get', {});
  return positions.find((p) => p.tokenId === tokenId)?.heldMicros ?? 0;
}

/** Submits one order of each strategy, all meant to fill; their ids by strategy. */
async function submitOrders(page: Page): Promise<Record<StrategyType, string>> {
  const trendingYes = await tokenOf(page, TRENDING, 'Yes');
  const wideYes = await tokenOf(page, WIDE, 'Yes');
  const wideNo = await tokenOf(page, WIDE, 'No');

  await selectMarket(page, TRENDING);
  // Two ticks through the ask, so it fills even if the ask moves up a little meanwhile.
  const limit = microsToDecimal((await bestAsk(page, trendingYes)) + 2 * TICK);
  const iceberg = await callHost(page, 'order.submit', {
    tokenId: trendingYes,
    side: 'BUY',
    strategyType: 'iceberg',
    totalSize: '10',
    targetPrice: limit,
    maxPrice: limit,
    minPrice: '0.01',
    icebergParams: { clipSize: '5', allowTaking: true },
  });

  await selectMarket(page, WIDE);
  await bestAsk(page, wideYes);
  await bestAsk(page, wideNo);
  // Passive quotes inside the spread; the limits are wide so that a quote follows the market.
  const micro = await callHost(page, 'order.submit', {
    tokenId: wideYes,
    side: 'BUY',
    strategyType: 'micro_price',
    totalSize: '5',
    maxPrice: '0.99',
    minPrice: '0.01',
    microPriceParams: { checkIntervalSec: 0.5 },
  });
  // Kelly sizes itself: a strong belief, capped at 5 shares over what earlier specs left held.
  const cap = (await heldMicros(page, wideNo)) + 5 * SHARE;
  const kelly = await callHost(page, 'order.submit', {
    tokenId: wideNo,
    side: 'BUY',
    strategyType: 'kelly',
    maxPrice: '0.99',
    minPrice: '0.01',
    kellyParams: {
      winProbability: 0.97,
      maxPositionSize: microsToDecimal(cap),
      bankroll: '200',
      recalculateIntervalSec: 1,
      microPriceParams: { checkIntervalSec: 0.5 },
    },
  });
  return { iceberg: iceberg.orderId, micro_price: micro.orderId, kelly: kelly.orderId };
}

/** Waits until every order has a fill (matched or confirmed). */
async function waitForFills(page: Page, ids: Record<StrategyType, string>): Promise<void> {
  await expect
    .poll(
      async () => {
        const { orders } = await callHost(page, 'order.list', { includeFinal: true });
        return STRATEGIES.filter((s) => {
          const order = orders.find((o) => o.id === ids[s]);
          return !order || order.filled + order.pendingFilled === 0;
        });
      },
      { timeout: 120_000, intervals: [1_000] },
    )
    .toEqual([]);
}

function strategyRow(page: Page, strategy: StrategyType): Locator {
  return page.locator(`[data-testid="strategy-row"][data-strategy="${strategy}"]`);
}

/** Cancels what is still working of ours, so later specs meet a quiet book. */
async function cancelLeftovers(page: Page, ids: Record<StrategyType, string>): Promise<void> {
  const { orders } = await callHost(page, 'order.list', { includeFinal: false });
  for (const order of orders.filter((o) => Object.values(ids).includes(o.id))) {
    await callHost(page, 'order.cancel', { orderId: order.id }).catch(() => undefined);
  }
}

test.beforeEach(async ({ appPage }) => {
  await expect(appPage.getByTestId('link-state')).toHaveText('host connected');
  await expect(appPage.getByTestId('market-row').first()).toBeVisible({ timeout: 30_000 });
});

test('the Report tab shows each strategy’s fills, slippage, markouts and an order’s fills on the micro-price', async ({
  appPage,
}) => {
  test.setTimeout(240_000);
  const page = appPage;
  const ids = await submitOrders(page);
  try {
    await waitForFills(page, ids);

    await page.getByTestId('tab-report').click();
    await expect(page.getByTestId('report')).toBeVisible();
    // The report is asked for when the tab opens and every 10 s; Refresh asks at once. A fill
    // can reach the report a moment after the order shows it.
    await expect(async () => {
      const refresh = page.getByTestId('report-refresh');
      if (await refresh.isEnabled()) await refresh.click();
      await expect(page.getByTestId('report-error')).toHaveCount(0, { timeout: 2_000 });
      for (const strategy of STRATEGIES) {
        const row = strategyRow(page, strategy);
        await expect(row.getByTestId('strategy-filled')).toHaveText(/^(?!0\/)[\d,.]+\/[\d,.]+$/, {
          timeout: 2_000,
        });
        await expect(row.getByTestId('strategy-slippage-ticks')).toHaveText(/^[+-]?\d+\.\d\d$/, {
          timeout: 2_000,
        });
        await expect(row.getByTestId('strategy-slippage-bps')).toHaveText(/^[+-]?\d+\.\d$/, {
          timeout: 2_000,
        });
      }
      for (const id of Object.values(ids)) {
        await expect(
          page.locator(`[data-testid="report-order-row"][data-order-id="${id}"]`),
        ).toHaveCount(1, { timeout: 2_000 });
      }
    }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 3_000] });
    await expect(page.getByTestId('strategy-row')).toHaveCount(3);

    const markouts = page.getByTestId('markout-chart');
    await expect(markouts.locator('svg.recharts-surface')).toHaveCount(1);
    await expect(markouts.locator('.recharts-line-curve').first()).toBeVisible();
    const histogram = page.getByTestId('slippage-histogram');
    await expect(histogram.locator('svg.recharts-surface')).toHaveCount(1);
    await expect(histogram.locator('.recharts-bar-rectangle').first()).toBeVisible();
    expect(Number(await histogram.getAttribute('data-fills'))).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${SHOTS}-tab.png` });
    await histogram.scrollIntoViewIfNeeded();
    await page.getByTestId('panel-orders').screenshot({ path: `${SHOTS}-charts.png` });

    await expect(page.getByTestId('report-order-hint')).toBeVisible();
    const icebergRow = page.locator(
      `[data-testid="report-order-row"][data-order-id="${ids.iceberg}"]`,
    );
    await icebergRow.click();
    await expect(icebergRow).toHaveAttribute('aria-selected', 'true');
    const detail = page.getByTestId('report-order-detail');
    const chart = detail.getByTestId('fills-on-micro-chart');
    await expect(chart.locator('svg.recharts-surface')).toHaveCount(1);
    await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
    await expect(chart.locator('.report-fill-dot').first()).toBeVisible();
    await expect(detail.getByTestId('report-fill-row').first()).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    await page.getByTestId('panel-orders').screenshot({ path: `${SHOTS}-order.png` });
    const panel = page.getByTestId('panel-orders');
    await panel.locator('.panel-body').evaluate((body) => body.scrollTo(0, body.scrollHeight));
    await panel.screenshot({ path: `${SHOTS}-bottom.png` });
  } finally {
    await cancelLeftovers(page, ids);
  }
});
