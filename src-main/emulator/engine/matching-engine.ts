import { createHash } from 'node:crypto';
import { divCeil, divRound, formatMicros, minBig, ONE, ONE_NUM } from './decimal.js';
import { takerFeeMicros, feeRateBps } from './fees.js';
import { COLLATERAL, Ledger } from './ledger.js';
import { OrderBook } from './order-book.js';
import type {
  BookSide,
  EngineEvent,
  EngineOrder,
  LevelChange,
  MakerFill,
  MarketSpec,
  PlaceInput,
  PlaceResult,
  RedeemResult,
  Side,
  TokenRef,
  TradeRecord,
  Transfer,
} from './types.js';

export interface MatchingEngineOptions {
  /** Clock in epoch milliseconds. */
  now?: () => number;
  /** Collateral credited to an account the first time it is seen. */
  autoFundMicros?: bigint;
  /** Account that receives taker fees. */
  feeAccount?: string;
  /** A matched trade becomes MINED this many ms after the match, and CONFIRMED (or FAILED) after `finalAfterMs`. */
  minedAfterMs?: number;
  finalAfterMs?: number;
  /** Per-trade settlement delays (drawn at each match); overrides the two fixed delays above. */
  settlementDelays?: () => { minedMs: number; finalMs: number };
  /** Seed of trade ids and transaction hashes. */
  idSeed?: string;
}

export interface LevelView {
  priceMicros: number;
  sizeMicros: bigint;
}

export interface BookView {
  /** Best level last. */
  bids: LevelView[];
  /** Best level last. */
  asks: LevelView[];
}

interface MarketState {
  spec: MarketSpec;
  book: OrderBook;
}

interface PlannedFill {
  maker: EngineOrder;
  size: bigint;
  /** Level price in YES terms. */
  yesPrice: number;
  /** Collateral the taker pays (BUY) or receives before fee (SELL). */
  takerNotional: bigint;
  fee: bigint;
}

/** The GTD "security threshold": an order expires this long before its stated expiration. */
export const GTD_THRESHOLD_SEC = 60;

const MSG = {
  notEnough: 'not enough balance / allowance',
  postOnlyType: 'invalid post-only order: only GTC and GTD order types are allowed',
  postOnlyCross: 'invalid post-only order: order crosses book',
  fok: "order couldn't be fully filled. FOK orders are fully filled or killed.",
  fak: 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
  expiration: 'invalid expiration',
  price: 'invalid price, price must be greater than 0 and less than 1',
  token: 'Invalid token id',
  resolved: 'the market is closed: it has resolved',
} as const;

/** Leftover collateral (micro-pUSD) a market BUY may keep and still count as fully filled. */
const SPEND_DUST = 1n;

/**
 * Price-time matching over one mirrored book per market: a BUY YES at p and a SELL NO at 1−p are the
 * same bid. Crosses settle as COMPLEMENTARY, MINT (two buys) or MERGE (two sells) trades; every party
 * pays or receives at the maker's price. Debits happen at match; credits when the trade CONFIRMS, and
 * a FAILED trade refunds the debits.
 */
export class MatchingEngine {
  readonly ledger: Ledger;
  private readonly now: () => number;
  private readonly feeAccount: string;
  private readonly settlementDelays: () => { minedMs: number; finalMs: number };
  private readonly idSeed: string;
  private readonly marketsById = new Map<string, MarketState>();
  private readonly tokens = new Map<string, TokenRef>();
  private readonly orders = new Map<string, EngineOrder>();
  private readonly live = new Map<string, EngineOrder>();
  /** Live GTD orders, the only ones that can expire. */
  private readonly liveGtd = new Set<EngineOrder>();
  private readonly tradeList: TradeRecord[] = [];
  private readonly tradesById = new Map<string, TradeRecord>();
  private readonly unsettled = new Set<TradeRecord>();
  private readonly lastTrades = new Map<string, { priceMicros: number; side: Side }>();
  private readonly listeners: ((event: EngineEvent) => void)[] = [];
  private seq = 0;
  private tradeSeq = 0;
  private failNext = 0;

  constructor(options: MatchingEngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.ledger = new Ledger(options.autoFundMicros ?? 0n);
    this.feeAccount = (
      options.feeAccount ?? '0x000000000000000000000000000000000000fee5'
    ).toLowerCase();
    const minedMs = options.minedAfterMs ?? 100;
    const finalMs = options.finalAfterMs ?? 250;
    this.settlementDelays = options.settlementDelays ?? (() => ({ minedMs, finalMs }));
    this.idSeed = options.idSeed ?? 'polydesk-emulator';
  }

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private emit(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }

  addMarket(spec: MarketSpec): void {
    const state: MarketState = { spec: { ...spec, fee: { ...spec.fee } }, book: new OrderBook() };
    this.marketsById.set(spec.conditionId, state);
    this.tokens.set(spec.yesTokenId, { market: state.spec, isYes: true });
    this.tokens.set(spec.noTokenId, { market: state.spec, isYes: false });
  }

  markets(): MarketSpec[] {
    return [...this.marketsById.values()].map((m) => m.spec);
  }

  market(conditionId: string): MarketSpec | undefined {
    return this.marketsById.get(conditionId)?.spec;
  }

  token(tokenId: string): TokenRef | undefined {
    return this.tokens.get(tokenId);
  }

  /** Adds collateral to an account (on top of any auto-funding). */
  fund(account: string, micros: bigint): void {
    this.ledger.credit(account.toLowerCase(), COLLATERAL, micros);
  }

  /** Adds outcome tokens to an account (e.g. to seed a seller). */
  fundTokens(account: string, tokenId: string, micros: bigint): void {
    this.ledger.credit(account.toLowerCase(), tokenId, micros);
  }

  /** Makes the next `n` matched trades end FAILED. */
  failNextTrades(n: number): void {
    this.failNext = Math.max(0, Math.floor(n));
  }

  pendingFailures(): number {
    return this.failNext;
  }

  setTickSize(conditionId: string, tickMicros: number): void {
    const state = this.marketsById.get(conditionId);
    if (!state || state.spec.tickMicros === tickMicros) return;
    const old = state.spec.tickMicros;
    state.spec.tickMicros = tickMicros;
    this.emit({ kind: 'tick_size', conditionId, oldTickMicros: old, newTickMicros: tickMicros });
  }

  getOrder(id: string): EngineOrder | undefined {
    return this.orders.get(id);
  }

  openOrders(): EngineOrder[] {
    return [...this.live.values()];
  }

  trades(): readonly TradeRecord[] {
    return this.tradeList;
  }

  getTrade(id: string): TradeRecord | undefined {
    return this.tradesById.get(id);
  }

  lastTrade(tokenId: string): { priceMicros: number; side: Side } | undefined {
    return this.lastTrades.get(tokenId);
  }

  /** The book as seen from one token, best level last on both sides. */
  bookView(tokenId: string): BookView | undefined {
    const ref = this.tokens.get(tokenId);
    if (!ref) return undefined;
    const book = (this.marketsById.get(ref.market.conditionId) as MarketState).book;
    const map = (levels: typeof book.bids, flip: boolean): LevelView[] =>
      levels.map((l) => ({ priceMicros: flip ? ONE_NUM - l.price : l.price, sizeMicros: l.total }));
    return ref.isYes
      ? { bids: map(book.bids, false), asks: map(book.asks, false) }
      : { bids: map(book.asks, true), asks: map(book.bids, true) };
  }

  /** The best prices as seen from one token: the last level of each side, no view built. */
  bestBidAsk(tokenId: string): { bid: number | null; ask: number | null } {
    const ref = this.tokens.get(tokenId);
    if (!ref) return { bid: null, ask: null };
    const book = (this.marketsById.get(ref.market.conditionId) as MarketState).book;
    const bestBid = book.best('bid')?.price;
    const bestAsk = book.best('ask')?.price;
    if (ref.isYes) return { bid: bestBid ?? null, ask: bestAsk ?? null };
    return {
      bid: bestAsk === undefined ? null : ONE_NUM - bestAsk,
      ask: bestBid === undefined ? null : ONE_NUM - bestBid,
    };
  }

  /**
   * The checks that do not depend on the book or balances (duplicate, resolved market, price,
   * tick, minimum size, post-only type, GTD expiration): the refusal text, or null.
   */
  check(input: PlaceInput, nowMs: number = this.now()): string | null {
    const ref = this.tokens.get(input.tokenId);
    if (!ref) return MSG.token;
    const spec = ref.market;
    const id = input.id;
    const p = input.priceMicros;
    if (this.orders.has(id)) return `order ${id} is invalid. Duplicated.`;
    if (spec.winningTokenId !== undefined) return MSG.resolved;
    if (!Number.isInteger(p) || p <= 0 || p >= ONE_NUM) return MSG.price;
    if (p % spec.tickMicros !== 0 || p < spec.tickMicros || p > ONE_NUM - spec.tickMicros) {
      return `order ${id} is invalid. Price (${formatMicros(p)}) breaks minimum tick size rule: ${formatMicros(spec.tickMicros)}`;
    }
    const resting = input.orderType === 'GTC' || input.orderType === 'GTD';
    if (input.sizeMicros <= 0n || (resting && input.sizeMicros < spec.minSizeMicros)) {
      return `order ${id} is invalid. Size (${formatMicros(input.sizeMicros)}) lower than the minimum: ${formatMicros(spec.minSizeMicros)}`;
    }
    if (input.postOnly && !resting) return MSG.postOnlyType;
    if (
      input.orderType === 'GTD' &&
      (input.expirationSec ?? 0) <= Math.floor(nowMs / 1000) + GTD_THRESHOLD_SEC
    )
      return MSG.expiration;
    return null;
  }

  /** Whether an order at this limit would trade against the book right now. */
  wouldCross(tokenId: string, side: Side, priceMicros: number): boolean {
    const { bid, ask } = this.bestBidAsk(tokenId);
    return side === 'BUY' ? ask !== null && ask <= priceMicros : bid !== null && bid >= priceMicros;
  }

  place(input: PlaceInput): PlaceResult {
    const ref = this.tokens.get(input.tokenId);
    if (!ref) return { ok: false, error: MSG.token };
    const state = this.marketsById.get(ref.market.conditionId) as MarketState;
    const spec = state.spec;
    const { isYes } = ref;
    const id = input.id;
    const account = input.account.toLowerCase();
    const p = input.priceMicros;
    const nowMs = this.now();
    const refusal = this.check(input, nowMs);
    if (refusal !== null) return { ok: false, error: refusal };
    const resting = input.orderType === 'GTC' || input.orderType === 'GTD';
    const expirationSec = input.orderType === 'GTD' ? (input.expirationSec ?? 0) : 0;
    this.expire(nowMs);
    this.ledger.open(account);

    const bookSide: BookSide = (input.side === 'BUY') === isYes ? 'bid' : 'ask';
    const bookPrice = isYes ? p : ONE_NUM - p;
    const spend =
      input.side === 'BUY' && !resting && input.spendMicros !== undefined
        ? input.spendMicros
        : null;
    const fills =
      spend === null
        ? this.plan(state, isYes, bookSide, bookPrice, input.sizeMicros)
        : this.planSpend(state, isYes, bookSide, bookPrice, spend);

    let filled = 0n;
    let notional = 0n;
    let fees = 0n;
    for (const f of fills) {
      filled += f.size;
      notional += f.takerNotional;
      fees += f.fee;
    }
    if (input.postOnly && fills.length > 0) return { ok: false, error: MSG.postOnlyCross };
    const unfilled = spend === null ? filled < input.sizeMicros : spend - notional > SPEND_DUST;
    if (input.orderType === 'FOK' && unfilled) return { ok: false, error: MSG.fok };
    if (input.orderType === 'FAK' && fills.length === 0) return { ok: false, error: MSG.fak };

    const restSize = resting ? input.sizeMicros - filled : 0n;
    if (input.side === 'BUY') {
      const restReserve = divCeil(restSize * BigInt(p), ONE);
      if (this.ledger.available(account, COLLATERAL) < notional + fees + restReserve) {
        return { ok: false, error: MSG.notEnough };
      }
    } else if (this.ledger.available(account, input.tokenId) < input.sizeMicros) {
      return { ok: false, error: MSG.notEnough };
    }

    const order: EngineOrder = {
      id,
      account,
      owner: input.owner,
      conditionId: spec.conditionId,
      tokenId: input.tokenId,
      outcome: isYes ? 'Yes' : 'No',
      isYes,
      side: input.side,
      priceMicros: p,
      // A market BUY filled by amount can receive more shares than it signed for.
      originalSize: filled > input.sizeMicros ? filled : input.sizeMicros,
      matched: 0n,
      orderType: input.orderType,
      expirationSec,
      createdAtMs: nowMs,
      status: 'LIVE',
      finalAtMs: null,
      associateTrades: [],
      bookSide,
      bookPrice,
      seq: ++this.seq,
      reservedCollateral: 0n,
      reservedTokens: 0n,
    };
    this.orders.set(id, order);

    const trade =
      fills.length > 0
        ? this.execute(state, order, fills, nowMs, input.hashAfterMined ?? false)
        : null;

    if (restSize > 0n) {
      if (order.side === 'BUY') {
        order.reservedCollateral = divCeil(restSize * BigInt(p), ONE);
        this.ledger.reserve(account, COLLATERAL, order.reservedCollateral);
      } else {
        order.reservedTokens = restSize;
        this.ledger.reserve(account, order.tokenId, restSize);
      }
      const total = state.book.add(order, restSize);
      this.live.set(id, order);
      if (order.expirationSec > 0) this.liveGtd.add(order);
      this.emit({ kind: 'order', type: 'PLACEMENT', order });
      this.emit({
        kind: 'book',
        conditionId: spec.conditionId,
        cause: 'order',
        changes: [{ side: bookSide, priceMicros: bookPrice, sizeMicros: total }],
      });
    } else {
      order.status = 'MATCHED';
      order.finalAtMs = nowMs;
    }

    const taking = order.side === 'BUY' ? filled : notional - fees;
    const making = order.side === 'BUY' ? notional : filled;
    return {
      ok: true,
      order,
      status: filled > 0n ? 'matched' : 'live',
      trade,
      makingMicros: making,
      takingMicros: taking,
    };
  }

  /** Walks the opposite side of the book without changing anything. */
  private plan(
    state: MarketState,
    isYes: boolean,
    bookSide: BookSide,
    bookPrice: number,
    size: bigint,
  ): PlannedFill[] {
    const levels = state.book.levels(bookSide === 'bid' ? 'ask' : 'bid');
    const fills: PlannedFill[] = [];
    let remSize = size;
    const takerSide: Side = (bookSide === 'bid') === isYes ? 'BUY' : 'SELL';
    for (let li = levels.length - 1; li >= 0; li--) {
      const level = levels[li];
      if (!level) break;
      const crosses = bookSide === 'bid' ? level.price <= bookPrice : level.price >= bookPrice;
      if (!crosses) break;
      const ownPrice = isYes ? level.price : ONE_NUM - level.price;
      for (const maker of level.orders) {
        const take = minBig(maker.originalSize - maker.matched, remSize);
        if (take <= 0n) return fills;
        const yesNotional = divRound(take * BigInt(level.price), ONE);
        const takerNotional = isYes ? yesNotional : take - yesNotional;
        let fee = takerFeeMicros(state.spec.fee, take, ownPrice);
        if (takerSide === 'SELL' && fee > takerNotional) fee = takerNotional;
        fills.push({ maker, size: take, yesPrice: level.price, takerNotional, fee });
        remSize -= take;
        if (remSize === 0n) return fills;
      }
    }
    return fills;
  }

  /**
   * A market BUY walked by collateral, as the exchange contract fills it: each maker level takes
   * what the remaining budget buys at that level's price, so a better price buys more shares.
   */
  private planSpend(
    state: MarketState,
    isYes: boolean,
    bookSide: BookSide,
    bookPrice: number,
    budget: bigint,
  ): PlannedFill[] {
    const levels = state.book.levels(bookSide === 'bid' ? 'ask' : 'bid');
    const fills: PlannedFill[] = [];
    let left = budget;
    const cost = (take: bigint, yesPrice: number): bigint => {
      const yesNotional = divRound(take * BigInt(yesPrice), ONE);
      return isYes ? yesNotional : take - yesNotional;
    };
    for (let li = levels.length - 1; li >= 0; li--) {
      const level = levels[li];
      if (!level) break;
      const crosses = bookSide === 'bid' ? level.price <= bookPrice : level.price >= bookPrice;
      if (!crosses) break;
      const ownPrice = isYes ? level.price : ONE_NUM - level.price;
      for (const maker of level.orders) {
        let take = minBig(maker.originalSize - maker.matched, (left * ONE) / BigInt(ownPrice));
        while (take > 0n && cost(take, level.price) > left) take -= 1n;
        if (take <= 0n) return fills;
        const takerNotional = cost(take, level.price);
        const fee = takerFeeMicros(state.spec.fee, take, ownPrice);
        fills.push({ maker, size: take, yesPrice: level.price, takerNotional, fee });
        left -= takerNotional;
        if (left <= SPEND_DUST) return fills;
      }
    }
    return fills;
  }

  private execute(
    state: MarketState,
    taker: EngineOrder,
    fills: PlannedFill[],
    nowMs: number,
    hashAfterMined = false,
  ): TradeRecord {
    const tradeId = this.newTradeId();
    const credits: Transfer[] = [];
    const debits: Transfer[] = [];
    const makers: MakerFill[] = [];
    const changes = new Map<string, LevelChange>();
    let size = 0n;
    let notional = 0n;
    let fee = 0n;
    for (const f of fills) {
      const maker = f.maker;
      this.settleParty(taker, f.size, f.yesPrice, f.fee, credits, debits);
      this.settleParty(maker, f.size, f.yesPrice, 0n, credits, debits);
      size += f.size;
      notional += f.takerNotional;
      fee += f.fee;
      taker.matched += f.size;
      maker.matched += f.size;
      let total: bigint;
      if (maker.matched >= maker.originalSize) {
        total = state.book.remove(maker, f.size);
        maker.status = 'MATCHED';
        maker.finalAtMs = nowMs;
        this.live.delete(maker.id);
        this.liveGtd.delete(maker);
      } else {
        total = state.book.reduce(maker.bookSide, maker.bookPrice, f.size);
      }
      changes.set(`${maker.bookSide}:${maker.bookPrice}`, {
        side: maker.bookSide,
        priceMicros: maker.bookPrice,
        sizeMicros: total,
      });
      if (!maker.associateTrades.includes(tradeId)) maker.associateTrades.push(tradeId);
      makers.push({
        orderId: maker.id,
        owner: maker.owner,
        account: maker.account,
        tokenId: maker.tokenId,
        outcome: maker.outcome,
        side: maker.side,
        priceMicros: maker.isYes ? f.yesPrice : ONE_NUM - f.yesPrice,
        sizeMicros: f.size,
      });
    }
    if (fee > 0n) credits.push({ account: this.feeAccount, asset: COLLATERAL, amount: fee });
    taker.associateTrades.push(tradeId);
    const willFail = this.failNext > 0;
    if (willFail) this.failNext -= 1;
    const delays = this.settlementDelays();
    const trade: TradeRecord = {
      id: tradeId,
      conditionId: state.spec.conditionId,
      takerOrderId: taker.id,
      takerAccount: taker.account,
      takerOwner: taker.owner,
      tokenId: taker.tokenId,
      outcome: taker.outcome,
      side: taker.side,
      priceMicros: taker.priceMicros,
      sizeMicros: size,
      notionalMicros: notional,
      feeMicros: fee,
      feeRateBps: feeRateBps(state.spec.fee),
      status: 'MATCHED',
      matchTimeMs: nowMs,
      lastUpdateMs: nowMs,
      transactionHash: '0x' + createHash('sha256').update(`tx:${tradeId}`).digest('hex'),
      makers,
      errMsg: null,
      credits,
      debits,
      willFail,
      minedDueMs: nowMs + delays.minedMs,
      finalDueMs: nowMs + Math.max(delays.minedMs, delays.finalMs),
      hashAfterMined,
    };
    this.tradeList.push(trade);
    this.tradesById.set(tradeId, trade);
    this.unsettled.add(trade);

    const seen = new Set<string>();
    for (const m of makers) {
      if (seen.has(m.orderId)) continue;
      seen.add(m.orderId);
      const o = this.orders.get(m.orderId);
      if (o) this.emit({ kind: 'order', type: 'UPDATE', order: o });
    }
    this.emit({ kind: 'trade', trade });
    this.emit({
      kind: 'book',
      conditionId: state.spec.conditionId,
      cause: 'trade',
      changes: [...changes.values()],
    });
    const last = fills[fills.length - 1] as PlannedFill;
    const takerPrice = taker.isYes ? last.yesPrice : ONE_NUM - last.yesPrice;
    const other = taker.isYes ? state.spec.noTokenId : state.spec.yesTokenId;
    const otherSide: Side = taker.side === 'BUY' ? 'SELL' : 'BUY';
    this.recordLastTrade(state.spec.conditionId, taker.tokenId, takerPrice, taker.side, size);
    this.recordLastTrade(state.spec.conditionId, other, ONE_NUM - takerPrice, otherSide, size);
    return trade;
  }

  private recordLastTrade(
    conditionId: string,
    tokenId: string,
    priceMicros: number,
    side: Side,
    sizeMicros: bigint,
  ): void {
    this.lastTrades.set(tokenId, { priceMicros, side });
    this.emit({ kind: 'last_trade', conditionId, tokenId, priceMicros, side, sizeMicros });
  }

  /** Moves one party's side of a fill: debits now, credits queued until the trade confirms. */
  private settleParty(
    order: EngineOrder,
    size: bigint,
    yesPrice: number,
    fee: bigint,
    credits: Transfer[],
    debits: Transfer[],
  ): void {
    const yesNotional = divRound(size * BigInt(yesPrice), ONE);
    const notional = order.isYes ? yesNotional : size - yesNotional;
    const account = order.account;
    const remainingAfter = order.originalSize - order.matched - size;
    if (order.side === 'BUY') {
      if (order.reservedCollateral > 0n) {
        const release =
          remainingAfter <= 0n
            ? order.reservedCollateral
            : minBig(order.reservedCollateral, divCeil(size * BigInt(order.priceMicros), ONE));
        this.ledger.release(account, COLLATERAL, release);
        order.reservedCollateral -= release;
      }
      this.ledger.debit(account, COLLATERAL, notional + fee);
      debits.push({ account, asset: COLLATERAL, amount: notional + fee });
      credits.push({ account, asset: order.tokenId, amount: size });
    } else {
      if (order.reservedTokens > 0n) {
        const release = minBig(order.reservedTokens, size);
        this.ledger.release(account, order.tokenId, release);
        order.reservedTokens -= release;
      }
      this.ledger.debit(account, order.tokenId, size);
      debits.push({ account, asset: order.tokenId, amount: size });
      credits.push({ account, asset: COLLATERAL, amount: notional - fee });
    }
  }

  /**
   * Fills up to `sizeMicros` of one resting order with a taker from `takerAccount` that buys the
   * other side at the order's price (fault injection: a fill that races a cancel).
   */
  fillAgainst(
    orderId: string,
    sizeMicros: bigint,
    takerAccount: string,
    takerOwner: string,
  ): TradeRecord | null {
    const maker = this.live.get(orderId);
    if (!maker || sizeMicros <= 0n) return null;
    const state = this.marketsById.get(maker.conditionId) as MarketState;
    const size = minBig(sizeMicros, maker.originalSize - maker.matched);
    const takerIsYes = maker.side === 'BUY' ? !maker.isYes : maker.isYes;
    const yesPrice = maker.bookPrice;
    const ownPrice = takerIsYes ? yesPrice : ONE_NUM - yesPrice;
    const account = takerAccount.toLowerCase();
    this.ledger.open(account);
    const yesNotional = divRound(size * BigInt(yesPrice), ONE);
    const takerNotional = takerIsYes ? yesNotional : size - yesNotional;
    const fee = takerFeeMicros(state.spec.fee, size, ownPrice);
    if (this.ledger.available(account, COLLATERAL) < takerNotional + fee)
      this.fund(account, takerNotional + fee);
    const nowMs = this.now();
    const taker: EngineOrder = {
      id:
        '0x' +
        createHash('sha256').update(`${this.idSeed}:fault-taker:${++this.seq}`).digest('hex'),
      account,
      owner: takerOwner,
      conditionId: state.spec.conditionId,
      tokenId: takerIsYes ? state.spec.yesTokenId : state.spec.noTokenId,
      outcome: takerIsYes ? 'Yes' : 'No',
      isYes: takerIsYes,
      side: 'BUY',
      priceMicros: ownPrice,
      originalSize: size,
      matched: 0n,
      orderType: 'FAK',
      expirationSec: 0,
      createdAtMs: nowMs,
      status: 'MATCHED',
      finalAtMs: nowMs,
      associateTrades: [],
      bookSide: maker.bookSide === 'bid' ? 'ask' : 'bid',
      bookPrice: yesPrice,
      seq: this.seq,
      reservedCollateral: 0n,
      reservedTokens: 0n,
    };
    this.orders.set(taker.id, taker);
    return this.execute(state, taker, [{ maker, size, yesPrice, takerNotional, fee }], nowMs);
  }

  /**
   * Resolves a market: every live order on it is cancelled (CANCELED_MARKET_RESOLVED) and the
   * market takes no new orders (see redeem for the tokens). False if the
   * market is unknown, already resolved, or the token is not one of its outcomes.
   */
  resolve(conditionId: string, winningTokenId: string): boolean {
    const state = this.marketsById.get(conditionId);
    if (!state || state.spec.winningTokenId !== undefined) return false;
    const spec = state.spec;
    if (winningTokenId !== spec.yesTokenId && winningTokenId !== spec.noTokenId) return false;
    spec.winningTokenId = winningTokenId;
    const ids = [...this.live.values()].filter((o) => o.conditionId === conditionId);
    for (const o of ids) this.cancel(o.id, 'CANCELED_MARKET_RESOLVED');
    this.emit({ kind: 'resolved', conditionId, winningTokenId });
    return true;
  }

  /**
   * Redeems an account's tokens of a resolved market, as the CTF's redeemPositions does on chain:
   * both outcome tokens are burned, each winning share pays 1 pUSD, a losing share nothing.
   * Shares still settling (credited at CONFIRMED) are not there yet and can be redeemed later.
   */
  redeem(account: string, conditionId: string): RedeemResult {
    const spec = this.marketsById.get(conditionId)?.spec;
    if (!spec) return { ok: false, reason: 'unknown_market' };
    const winner = spec.winningTokenId;
    if (winner === undefined) return { ok: false, reason: 'not_resolved' };
    const holder = account.toLowerCase();
    const burned: { tokenId: string; sharesMicros: bigint }[] = [];
    let payoutMicros = 0n;
    for (const tokenId of [spec.yesTokenId, spec.noTokenId]) {
      // Open orders died at resolution, so nothing is reserved: the whole balance is free.
      const shares = this.ledger.available(holder, tokenId);
      if (shares <= 0n) continue;
      this.ledger.debit(holder, tokenId, shares);
      burned.push({ tokenId, sharesMicros: shares });
      if (tokenId === winner) payoutMicros += shares;
    }
    if (payoutMicros > 0n) this.ledger.credit(holder, COLLATERAL, payoutMicros);
    return { ok: true, winningTokenId: winner, payoutMicros, burned };
  }

  /** Cancels a live order; false if it is unknown or no longer live. */
  cancel(id: string, status: 'CANCELED' | 'CANCELED_MARKET_RESOLVED' = 'CANCELED'): boolean {
    const order = this.live.get(id);
    if (!order) return false;
    const state = this.marketsById.get(order.conditionId) as MarketState;
    const remaining = order.originalSize - order.matched;
    const total = state.book.remove(order, remaining);
    this.live.delete(id);
    this.liveGtd.delete(order);
    if (order.reservedCollateral > 0n)
      this.ledger.release(order.account, COLLATERAL, order.reservedCollateral);
    if (order.reservedTokens > 0n)
      this.ledger.release(order.account, order.tokenId, order.reservedTokens);
    order.reservedCollateral = 0n;
    order.reservedTokens = 0n;
    order.status = status;
    order.finalAtMs = this.now();
    this.emit({ kind: 'order', type: 'CANCELLATION', order });
    this.emit({
      kind: 'book',
      conditionId: order.conditionId,
      cause: 'order',
      changes: [{ side: order.bookSide, priceMicros: order.bookPrice, sizeMicros: total }],
    });
    return true;
  }

  /** Cancels every live order matching `predicate`; returns the ids cancelled. */
  cancelWhere(predicate: (order: EngineOrder) => boolean): string[] {
    const ids = [...this.live.values()].filter(predicate).map((o) => o.id);
    for (const id of ids) this.cancel(id);
    return ids;
  }

  /** Cancels GTD orders whose expiration (minus the security threshold) has passed. */
  expire(nowMs: number = this.now()): string[] {
    if (this.liveGtd.size === 0) return [];
    const nowSec = Math.floor(nowMs / 1000);
    const due = [...this.liveGtd]
      .filter((o) => o.expirationSec - GTD_THRESHOLD_SEC <= nowSec)
      .map((o) => o.id);
    for (const id of due) this.cancel(id);
    return due;
  }

  /** Advances trade statuses: MATCHED → MINED → CONFIRMED, or MATCHED → RETRYING → FAILED. */
  advanceSettlement(nowMs: number = this.now()): void {
    for (const trade of [...this.unsettled]) {
      if (trade.status === 'MATCHED' && nowMs >= trade.minedDueMs) {
        trade.status = trade.willFail ? 'RETRYING' : 'MINED';
        trade.lastUpdateMs = nowMs;
        this.emit({ kind: 'trade', trade });
      }
      if (nowMs < trade.finalDueMs) continue;
      if (trade.willFail) {
        for (const d of trade.debits) this.ledger.credit(d.account, d.asset, d.amount);
        trade.status = 'FAILED';
        trade.errMsg = 'transaction reverted';
      } else {
        for (const c of trade.credits) this.ledger.credit(c.account, c.asset, c.amount);
        trade.status = 'CONFIRMED';
      }
      trade.lastUpdateMs = nowMs;
      this.unsettled.delete(trade);
      this.emit({ kind: 'trade', trade });
    }
  }

  hasUnsettled(): boolean {
    return this.unsettled.size > 0;
  }

  /**
   * Forgets finished orders and settled trades older than `beforeMs` whose every party is
   * `disposable` (the synthetic agents), so a long session does not grow without bound.
   */
  pruneHistory(beforeMs: number, disposable: (account: string) => boolean): void {
    for (const [id, o] of this.orders) {
      if (o.status !== 'LIVE' && o.createdAtMs < beforeMs && disposable(o.account))
        this.orders.delete(id);
    }
    let kept = 0;
    for (const t of this.tradeList) {
      const drop =
        t.matchTimeMs < beforeMs &&
        !this.unsettled.has(t) &&
        disposable(t.takerAccount) &&
        t.makers.every((m) => disposable(m.account));
      if (drop) this.tradesById.delete(t.id);
      else this.tradeList[kept++] = t;
    }
    this.tradeList.length = kept;
  }

  private newTradeId(): string {
    const h = createHash('sha256').update(`${this.idSeed}:trade:${++this.tradeSeq}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
