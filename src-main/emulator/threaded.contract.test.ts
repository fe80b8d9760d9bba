import { Side } from '@polymarket/clob-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from './emulator-types.js';
import { newTrader, type TestTrader } from './testing/clob-test-client.js';
import { startEmulatorThread } from './worker/threaded-emulator.js';

describe('the paper exchange on its own thread', () => {
  let emulator: EmulatorHandle;
  let alice: TestTrader;
  beforeAll(async () => {
    emulator = await startEmulatorThread({ seed: 4, syntheticFlow: false, timing: 'prompt' });
    alice = await newTrader(emulator.restUrl, emulator.chainId);
  }, 30_000);
  afterAll(async () => {
    await emulator.stop();
  });

  it('accepts signed orders and refuses a tampered signature', async () => {
    const market = emulator.markets[0];
    if (!market) throw new Error('no market');
    const placed = await alice.client.createAndPostOrder({
      tokenID: market.yesTokenId,
      price: 0.1,
      size: 5,
      side: Side.BUY,
    });
    expect(placed).toMatchObject({ success: true, status: 'live' });
    const order = await alice.client.createOrder({
      tokenID: market.yesTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    expect(await alice.client.postOrder({ ...order, makerAmount: '2000000' })).toEqual({
      error: 'invalid signature',
      status: 400,
    });
    const record = emulator.orderRecord(alice.wallet.address);
    expect(record.map((r) => r.orderId)).toEqual([(placed as { orderID: string }).orderID]);
  });

  it('answers the handle synchronously, errors included', () => {
    emulator.faults.set({ dropReplyRate: 0.25 });
    expect(emulator.faults.current().dropReplyRate).toBe(0.25);
    expect(() => emulator.faults.set({ dropReplyRate: 2 })).toThrow(/dropReplyRate/);
    emulator.faults.reset();
    expect(emulator.faults.current().dropReplyRate).toBe(0);
    const market = emulator.markets[1];
    if (!market) throw new Error('no market');
    expect(emulator.resolve(market.conditionId, 'Yes')).toBe(true);
    expect(emulator.resolve(market.conditionId, 'Yes')).toBe(false);
  });

  it('reports its own processing time per request', async () => {
    const reply = await fetch(`${emulator.restUrl}/_emulator/timings`);
    const timings = (await reply.json()) as Record<string, { count: number; p50Ms: number }>;
    expect(timings['POST /order']?.count).toBe(2);
    expect(timings['POST /order']?.p50Ms).toBeGreaterThan(0);
  });
});
