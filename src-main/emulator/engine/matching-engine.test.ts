import { describe, expect, it } from 'vitest';
import { COLLATERAL } from './ledger.js';
import { MatchingEngine } from './matching-engine.js';
import type { EngineEvent, MarketSpec, PlaceInput } from './types.js';

const YES = '111';
const NO = '222';
const CID = '0x' + 'ab'.repeat(32);
const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';
const C = '0x00000000000000000000000000000000000000cc';
const USDC = (n: number): bigint => BigInt(Math.round(n * 1e6));

function market(overrides: Partial<MarketSpec> = {}): MarketSpec {
  return {
    conditionId: CID,
    questionId: '0x' + '00'.repeat(32),
    question: 'Test?',
    slug: 'test',
    description: '',
    yesTokenId: YES,
    noTokenId: NO,
    tickMicros: 10_000,
    minSizeMicros: USDC(5),
    negRisk: false,
    fee: { r: 0, e: 0, to: true },
    ...overrides,
  };
}

function setup(overrides: Partial<MarketSpec> = {}) {
  let now = 1_700_000_000_000;
  const engine = new MatchingEngine({ now: () => now, autoFundMicros: USDC(1000) });
  engine.addMarket(market(overrides));
  const events: EngineEvent[] = [];
  const tradeStatuses: string[] = [];
  engine.on((e) => {
    events.push(e);
    if (e.kind === 'trade') tradeStatuses.push(e.trade.status);
  });
  let n = 0;
  const place = (
    account: string,
    tokenId: string,
    side: 'BUY' | 'SELL',
    price: number,
    size: number,
    extra: Partial<PlaceInput> = {},
  ) =>
    engine.place({
      id: `o${++n}`,
      account,
      owner: account,
      tokenId,
      side,
      priceMicros: Math.round(price * 1e6),
      sizeMicros: USDC(size),
      orderType: 'GTC',
      ...extra,
    });
  const settle = () => {
    now += 1000;
    engine.advanceSettlement(now);
  };
  return { engine, events, tradeStatuses, place, settle, advance: (ms: number) => (now += ms) };
}

describe('MatchingEngine mirrored book', () => {
  it('shows a BUY YES at p as a SELL NO at 1-p', () => {
    const { engine, place } = setup();
    expect(place(A, YES, 'BUY', 0.4, 10).ok).toBe(true);
    expect(engine.bookView(YES)).toEqual({
      bids: [{ priceMicros: 400_000, sizeMicros: USDC(10) }],
      asks: [],
    });
    expect(engine.bookView(NO)).toEqual({
      bids: [],
      asks: [{ priceMicros: 600_000, sizeMicros: USDC(10) }],
    });
  });

  it('keeps the best level last on both sides', () => {
    const { engine, place } = setup();
    place(A, YES, 'BUY', 0.4, 10);
    place(A, YES, 'BUY', 0.42, 10);
    place(A, NO, 'BUY', 0.5, 10); // YES ask at 0.50
    place(A, NO, 'BUY', 0.52, 10); // YES ask at 0.48
    const v = engine.bookView(YES);
    expect(v?.bids.map((l) => l.priceMicros)).toEqual([400_000, 420_000]);
    expect(v?.asks.map((l) => l.priceMicros)).toEqual([500_000, 480_000]);
    expect(engine.bestBidAsk(NO)).toEqual({ bid: 520_000, ask: 580_000 });
  });

  it('MINT: a BUY YES crossing a BUY NO mints both tokens at the maker price', () => {
    const { engine, place, settle } = setup();
    expect(place(A, NO, 'BUY', 0.45, 10).ok).toBe(true); // YES ask at 0.55
    const r = place(B, YES, 'BUY', 0.6, 10);
    expect(r.ok && r.status).toBe('matched');
    if (!r.ok) return;
    expect(r.makingMicros).toBe(USDC(5.5)); // fills at the maker's 0.55
    expect(r.takingMicros).toBe(USDC(10));
    expect(r.trade?.makers[0]).toMatchObject({
      side: 'BUY',
      priceMicros: 450_000,
      sizeMicros: USDC(10),
    });
    settle();
    expect(engine.ledger.balance(B, YES)).toBe(USDC(10));
    expect(engine.ledger.balance(A, NO)).toBe(USDC(10));
    expect(engine.ledger.balance(B, COLLATERAL)).toBe(USDC(994.5));
    expect(engine.ledger.balance(A, COLLATERAL)).toBe(USDC(995.5));
  });

  it('MERGE: a SELL YES crossing a SELL NO pays both sellers out of the merged pair', () => {
    const { engine, place, settle } = setup();
    engine.fundTokens(A, YES, USDC(10));
    engine.fundTokens(B, NO, USDC(10));
    expect(place(A, YES, 'SELL', 0.7, 10).ok).toBe(true); // YES ask 0.70
    const r = place(B, NO, 'SELL', 0.25, 10); // YES bid 0.75 crosses
    expect(r.ok && r.status).toBe('matched');
    settle();
    expect(engine.ledger.balance(A, COLLATERAL)).toBe(USDC(1007)); // maker price 0.70
    expect(engine.ledger.balance(B, COLLATERAL)).toBe(USDC(1003)); // 1 − 0.70
    expect(engine.ledger.balance(A, YES)).toBe(0n);
    expect(engine.ledger.balance(B, NO)).toBe(0n);
  });

  it('COMPLEMENTARY on the NO token through the mirrored book', () => {
    const { engine, place, settle } = setup();
    engine.fundTokens(A, NO, USDC(10));
    place(A, NO, 'SELL', 0.3, 10);
    const r = place(B, NO, 'BUY', 0.35, 6);
    expect(r.ok && r.makingMicros).toBe(USDC(1.8));
    settle();
    expect(engine.ledger.balance(B, NO)).toBe(USDC(6));
    expect(engine.ledger.balance(A, COLLATERAL)).toBe(USDC(1001.8));
    expect(engine.bookView(NO)?.asks).toEqual([{ priceMicros: 300_000, sizeMicros: USDC(4) }]);
  });
});

describe('MatchingEngine priority and partial fills', () => {
  it('fills better prices first, then earlier orders at one price', () => {
    const { place } = setup();
    place(A, NO, 'BUY', 0.45, 10); // ask 0.55, first
    place(C, NO, 'BUY', 0.45, 10); // ask 0.55, second
    place(C, NO, 'BUY', 0.47, 10); // ask 0.53, better
    const r = place(B, YES, 'BUY', 0.55, 15);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.trade?.makers.map((m) => [m.orderId, m.sizeMicros])).toEqual([
      ['o3', USDC(10)],
      ['o1', USDC(5)],
    ]);
    expect(r.makingMicros).toBe(USDC(10 * 0.53 + 5 * 0.55));
  });

  it('rests the unfilled part of a GTC at its limit and reports an UPDATE for the maker', () => {
    const { engine, place, events } = setup();
    place(A, NO, 'BUY', 0.45, 6);
    const r = place(B, YES, 'BUY', 0.55, 10);
    expect(r.ok && r.order.status).toBe('LIVE');
    expect(r.ok && r.order.matched).toBe(USDC(6));
    expect(engine.bookView(YES)).toEqual({
      bids: [{ priceMicros: 550_000, sizeMicros: USDC(4) }],
      asks: [],
    });
    expect(
      events.some((e) => e.kind === 'order' && e.type === 'UPDATE' && e.order.id === 'o1'),
    ).toBe(true);
    expect(
      events.some((e) => e.kind === 'order' && e.type === 'PLACEMENT' && e.order.id === 'o2'),
    ).toBe(true);
  });
});

describe('MatchingEngine order types', () => {
  it('kills a FOK that cannot fill completely and leaves the book untouched', () => {
    const { engine, place } = setup();
    place(A, NO, 'BUY', 0.45, 5);
    const r = place(B, YES, 'BUY', 0.55, 10, { orderType: 'FOK' });
    expect(r).toEqual({
      ok: false,
      error: "order couldn't be fully filled. FOK orders are fully filled or killed.",
    });
    expect(engine.bookView(YES)?.asks).toEqual([{ priceMicros: 550_000, sizeMicros: USDC(5) }]);
  });

  it('fills a FAK partly and drops the rest', () => {
    const { engine, place } = setup();
    place(A, NO, 'BUY', 0.45, 5);
    const r = place(B, YES, 'BUY', 0.55, 10, { orderType: 'FAK' });
    expect(r.ok && r.takingMicros).toBe(USDC(5));
    expect(engine.bookView(YES)).toEqual({ bids: [], asks: [] });
    expect(engine.openOrders()).toEqual([]);
  });

  it('refuses a FAK with nothing to match', () => {
    const { place } = setup();
    const r = place(B, YES, 'BUY', 0.55, 10, { orderType: 'FAK' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^no orders found to match with FAK order/);
  });

  it('fills a market BUY by its signed share amount, paying the maker prices', () => {
    const { place } = setup();
    place(A, NO, 'BUY', 0.5, 10); // ask 0.50
    place(A, NO, 'BUY', 0.43, 100); // ask 0.57
    // $10 at worst price 0.57: taker amount 17.5438 shares as the client signs it.
    const r = place(B, YES, 'BUY', 0.57, 17.5438, { orderType: 'FOK' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.takingMicros).toBe(17_543_800n);
    expect(r.makingMicros).toBe(5_000_000n + 4_299_966n); // 10 × 0.50 + 7.5438 × 0.57
  });

  it('refuses a crossing post-only order and accepts a passive one', () => {
    const { place } = setup();
    place(A, NO, 'BUY', 0.45, 10);
    expect(place(B, YES, 'BUY', 0.55, 10, { postOnly: true })).toEqual({
      ok: false,
      error: 'invalid post-only order: order crosses book',
    });
    expect(place(B, YES, 'BUY', 0.54, 10, { postOnly: true }).ok).toBe(true);
    expect(place(B, YES, 'BUY', 0.54, 10, { postOnly: true, orderType: 'FOK' })).toEqual({
      ok: false,
      error: 'invalid post-only order: only GTC and GTD order types are allowed',
    });
  });

  it('expires a GTD order one minute before its expiration', () => {
    const { engine, place, advance } = setup();
    const nowSec = 1_700_000_000;
    expect(place(A, YES, 'BUY', 0.4, 10, { orderType: 'GTD', expirationSec: nowSec + 30 })).toEqual(
      {
        ok: false,
        error: 'invalid expiration',
      },
    );
    const r = place(A, YES, 'BUY', 0.4, 10, { orderType: 'GTD', expirationSec: nowSec + 90 });
    expect(r.ok).toBe(true);
    advance(29_000);
    expect(engine.expire()).toEqual([]);
    advance(2_000);
    expect(engine.expire()).toEqual(['o2']);
    expect(engine.ledger.reserved(A, COLLATERAL)).toBe(0n);
  });
});

describe('MatchingEngine checks', () => {
  it('enforces the tick grid and the minimum size with Polymarket texts', () => {
    const { place } = setup({ tickMicros: 5_000 });
    expect(place(A, YES, 'BUY', 0.333, 10)).toEqual({
      ok: false,
      error: 'order o1 is invalid. Price (0.333) breaks minimum tick size rule: 0.005',
    });
    expect(place(A, YES, 'BUY', 0.335, 4.5)).toEqual({
      ok: false,
      error: 'order o2 is invalid. Size (4.5) lower than the minimum: 5',
    });
    expect(place(A, YES, 'BUY', 0.335, 5).ok).toBe(true);
  });

  it('refuses duplicates', () => {
    const { engine } = setup();
    const input: PlaceInput = {
      id: 'x',
      account: A,
      owner: A,
      tokenId: YES,
      side: 'BUY',
      priceMicros: 400_000,
      sizeMicros: USDC(5),
      orderType: 'GTC',
    };
    expect(engine.place(input).ok).toBe(true);
    expect(engine.place(input)).toEqual({ ok: false, error: 'order x is invalid. Duplicated.' });
  });

  it('reserves collateral for resting bids and releases it on cancel', () => {
    const { engine, place } = setup();
    place(A, YES, 'BUY', 0.5, 1000); // $500
    expect(engine.ledger.available(A, COLLATERAL)).toBe(USDC(500));
    expect(place(A, YES, 'BUY', 0.5, 1001)).toEqual({
      ok: false,
      error: 'not enough balance / allowance',
    });
    expect(engine.cancel('o1')).toBe(true);
    expect(engine.cancel('o1')).toBe(false);
    expect(engine.ledger.available(A, COLLATERAL)).toBe(USDC(1000));
  });

  it('reserves tokens for resting asks and refuses selling what is not held', () => {
    const { engine, place } = setup();
    expect(place(A, YES, 'SELL', 0.5, 5)).toEqual({
      ok: false,
      error: 'not enough balance / allowance',
    });
    engine.fundTokens(A, YES, USDC(8));
    expect(place(A, YES, 'SELL', 0.5, 5).ok).toBe(true);
    expect(place(A, YES, 'SELL', 0.6, 5)).toEqual({
      ok: false,
      error: 'not enough balance / allowance',
    });
    expect(engine.ledger.reserved(A, YES)).toBe(USDC(5));
  });

  it('credits proceeds only when the trade confirms', () => {
    const { engine, place, settle, tradeStatuses } = setup();
    place(A, NO, 'BUY', 0.45, 10);
    place(B, YES, 'BUY', 0.55, 10);
    expect(engine.ledger.balance(B, YES)).toBe(0n);
    settle();
    expect(engine.ledger.balance(B, YES)).toBe(USDC(10));
    expect(tradeStatuses).toEqual(['MATCHED', 'MINED', 'CONFIRMED']);
  });

  it('undoes a trade that FAILS', () => {
    const { engine, place, settle, tradeStatuses } = setup();
    engine.failNextTrades(1);
    place(A, NO, 'BUY', 0.45, 10);
    place(B, YES, 'BUY', 0.55, 10);
    expect(engine.ledger.balance(B, COLLATERAL)).toBe(USDC(994.5));
    settle();
    expect(engine.ledger.balance(B, COLLATERAL)).toBe(USDC(1000));
    expect(engine.ledger.balance(A, COLLATERAL)).toBe(USDC(1000));
    expect(engine.ledger.balance(B, YES)).toBe(0n);
    expect(tradeStatuses).toEqual(['MATCHED', 'RETRYING', 'FAILED']);
  });
});

describe('MatchingEngine fees', () => {
  it('charges the taker only: shares × r × p(1−p), floored to 5 dp', () => {
    const { engine, place, settle } = setup({ fee: { r: 0.072, e: 1, to: true } });
    place(A, NO, 'BUY', 0.5, 100); // ask 0.50
    const r = place(B, YES, 'BUY', 0.5, 100);
    expect(r.ok && r.trade?.feeMicros).toBe(USDC(1.8)); // 100 × 0.072 × 0.25
    settle();
    expect(engine.ledger.balance(B, COLLATERAL)).toBe(USDC(1000 - 50 - 1.8));
    expect(engine.ledger.balance(A, COLLATERAL)).toBe(USDC(950));
  });

  it('takes a SELL taker fee out of the proceeds', () => {
    const { engine, place, settle } = setup({ fee: { r: 0.04, e: 1, to: true } });
    engine.fundTokens(B, YES, USDC(10));
    place(A, YES, 'BUY', 0.3, 10);
    const r = place(B, YES, 'SELL', 0.3, 10);
    // 10 × 0.04 × 0.21 = 0.084
    expect(r.ok && r.takingMicros).toBe(USDC(3 - 0.084));
    settle();
    expect(engine.ledger.balance(B, COLLATERAL)).toBe(USDC(1000 + 3 - 0.084));
  });

  it('rounds fees down to 5 decimals', () => {
    const { place } = setup({
      fee: { r: 0.07, e: 2, to: true },
      tickMicros: 1000,
      minSizeMicros: 1n,
    });
    place(A, NO, 'BUY', 0.667, 7.123); // ask 0.333
    const r = place(B, YES, 'BUY', 0.333, 7.123);
    // 7.123 × 0.07 × (0.333 × 0.667)^2 = 0.024598… → 0.02459
    expect(r.ok && r.trade?.feeMicros).toBe(24_590n);
  });
});

describe('MatchingEngine history pruning', () => {
  it('forgets old finished orders and trades of disposable accounts only', () => {
    const { engine, place, settle, advance } = setup();
    place(A, NO, 'BUY', 0.45, 10);
    const r = place(B, YES, 'BUY', 0.55, 10);
    place(C, NO, 'BUY', 0.4, 10);
    place(A, YES, 'BUY', 0.6, 10); // A takes C: a trade between A and C only
    settle();
    advance(120_000);
    engine.pruneHistory(1_800_000_000_000, (acct) => acct === A || acct === C);
    // Orders go by their own account; a trade stays while any party is not disposable.
    expect(['o1', 'o2', 'o3', 'o4'].map((id) => engine.getOrder(id) !== undefined)).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(engine.trades().map((t) => t.takerAccount)).toEqual([B]);
    expect(r.ok && engine.getTrade(r.trade?.id ?? '')).toBeTruthy();
  });
});
