import { afterEach, describe, expect, it } from 'vitest';
import type { OrderSpec } from '@shared/domain/order-request';
import { paperRig } from './emulator-rig';
import type { PaperRig } from './emulator-rig';
import { waitFor } from './wait-for';

const SHARE = 1_000_000;
const LUNAR = 'lunar-lander-touchdown-2027';

const rigs: PaperRig[] = [];

async function rig(): Promise<PaperRig> {
  const r = await paperRig();
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop('cancel');
});

/** An iceberg bid sent at its limit (allowTaking), 0.45: 0.14 above the book's micro-price of 0.31. */
function throughIceberg(tokenId: string): OrderSpec {
  return {
    tokenId,
    side: 'BUY',
    strategyType: 'iceberg',
    totalSize: 20 * SHARE,
    maxPrice: 450_000,
    minPrice: 200_000,
    urgency: 'MEDIUM',
    icebergParams: { clipSize: 10 * SHARE, clipJitterPct: 0, allowTaking: true },
  };
}

describe('risk rails on the paper exchange', () => {
  it('refuses at submit what breaks a rail on a watched book, and queues nothing', async () => {
    const r = await rig();
    const token = r.market(LUNAR).yesTokenId;
    await r.desk.watch(token);
    await expect(r.desk.submit(throughIceberg(token))).rejects.toMatchObject({
      code: 'RISK_LIMIT',
      message:
        'price sanity: maxPrice 0.45 is 0.14 above the micro-price 0.31, 0.04 more than the 0.1 allowed',
      issues: [{ path: 'maxPrice' }],
    });
    await expect(
      r.desk.submit({ ...throughIceberg(token), maxPrice: 400_000, totalSize: 2_600 * SHARE }),
    ).rejects.toMatchObject({
      code: 'RISK_LIMIT',
      message: expect.stringMatching(
        /^per-order notional cap: .* \$40\.00 over the \$1,000\.00 cap$/,
      ),
    });
    expect(r.desk.listOrders(true)).toEqual([]);
    expect(await r.exchange.getOpenOrders()).toEqual([]);
  });

  it('with no book at submit, refuses the placement instead: the order waits and places nothing', async () => {
    const r = await rig();
    const token = r.market(LUNAR).yesTokenId;
    const { orderId } = await r.desk.submit(throughIceberg(token));
    const refusal = await waitFor(
      () => r.desk.orderEvents(orderId).find((e) => e.reason.startsWith('not placed')),
      'a refused placement',
    );
    expect(refusal.reason).toBe(
      'not placed, waiting: price sanity: a buy at 0.45 is 0.14 above the micro-price 0.31, 0.04 more than the 0.1 allowed',
    );
    expect(r.desk.listOrders(true)[0]).toMatchObject({ state: 'ACTIVE', exchangeOrders: [] });
    expect(await r.exchange.getOpenOrders()).toEqual([]);
    expect((await r.desk.cancel(orderId)).state).toBe('CANCELLED');
  });
});
