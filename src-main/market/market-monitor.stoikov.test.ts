import { afterEach, describe, expect, it } from 'vitest';
import { MarketSnapshotSchema } from '@shared/domain/market';
import type { TopOfBookState } from '@shared/math/stoikov';
import { silentLogger } from '../host/logger';
import { VirtualClock } from '../replay/virtual-clock';
import { FakeExchange, fakeMarket } from './fake-exchange';
import { MarketMonitor } from './market-monitor';
import { leaningCycle, SMALL_STOIKOV_FIT } from './stoikov-fixtures';

let monitor: MarketMonitor | undefined;

afterEach(async () => {
  await monitor?.stop();
});

function setUp(): { clock: VirtualClock; exchange: FakeExchange; monitor: MarketMonitor } {
  const clock = new VirtualClock(1_000_000);
  const exchange = new FakeExchange([fakeMarket('0xA', 'yesA', 'noA')], clock.now);
  monitor = new MarketMonitor({
    exchange,
    logger: silentLogger(),
    now: clock.now,
    timers: clock,
    stoikov: { fit: SMALL_STOIKOV_FIT, refitEveryMs: 30_000, earlyRefitStates: 9 },
  });
  return { clock, exchange, monitor };
}

function push(exchange: FakeExchange, state: TopOfBookState): void {
  exchange.push('yesA', {
    bids: [{ price: state.bidPriceMicros, size: state.bidSizeMicros }],
    asks: [{ price: state.askPriceMicros, size: state.askSizeMicros }],
  });
}

/** Starts watching on a book the port already has (the first of leaningCycle(0)). */
async function start(exchange: FakeExchange, monitor: MarketMonitor): Promise<void> {
  const first = leaningCycle(0)[0];
  if (first) push(exchange, first);
  await monitor.startMonitoring('yesA');
}

describe('MarketMonitor Stoikov figure', () => {
  it('says it is fitting until the token has the data, then shows Stoikov inside the spread', async () => {
    const { exchange, monitor } = setUp();
    await start(exchange, monitor);
    for (const state of leaningCycle(0).slice(1)) push(exchange, state);
    const early = monitor.getSnapshot('yesA');
    expect(MarketSnapshotSchema.parse(early)).toEqual(early);
    expect(early?.stoikov).toMatchObject({
      fitted: false,
      microPrice: null,
      transitions: 8,
      minTransitions: 40,
      model: null,
    });
    expect(early?.stoikov?.note).toMatch(/^too little data to fit \(8 usable transitions/);
    for (let c = 1; c < 6; c++) for (const state of leaningCycle(c)) push(exchange, state);
    // The last book is bid-heavy on a one-tick book: Stoikov leans up from the mid.
    const [bidHeavy] = leaningCycle(6);
    if (bidHeavy) push(exchange, bidHeavy);
    const fitted = monitor.getSnapshot('yesA');
    expect(MarketSnapshotSchema.parse(fitted)).toEqual(fitted);
    const stoikov = fitted?.stoikov;
    expect(stoikov).toMatchObject({ fitted: true, note: null });
    expect(stoikov?.model?.adjustmentTicks[0]?.[2]).toBeGreaterThan(0);
    const bid = fitted?.bestBid ?? 0;
    const ask = fitted?.bestAsk ?? 0;
    expect(stoikov?.microPrice).toBeGreaterThan((bid + ask) / 2);
    expect(stoikov?.microPrice).toBeLessThan(ask);
  });

  it('refits on its clock, and the next snapshot shows the new fit without a new book', async () => {
    const { clock, exchange, monitor } = setUp();
    await start(exchange, monitor);
    for (let c = 0; c < 6; c++) for (const state of leaningCycle(c)) push(exchange, state);
    expect(monitor.getSnapshot('yesA')?.stoikov?.transitions).toBe(44);
    for (let c = 6; c < 9; c++) for (const state of leaningCycle(c)) push(exchange, state);
    expect(monitor.getSnapshot('yesA')?.stoikov?.transitions).toBe(44);
    await clock.advanceTo(1_030_000);
    expect(monitor.getSnapshot('yesA')?.stoikov?.transitions).toBe(80);
  });

  it('forgets the history of a token it stops watching', async () => {
    const { exchange, monitor } = setUp();
    await start(exchange, monitor);
    for (let c = 0; c < 6; c++) for (const state of leaningCycle(c)) push(exchange, state);
    monitor.stopMonitoring('yesA');
    await start(exchange, monitor);
    expect(monitor.getSnapshot('yesA')?.stoikov).toMatchObject({ fitted: false, transitions: 0 });
  });
});
