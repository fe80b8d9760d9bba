import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { formatMicros, parseMicros } from '../engine/decimal.js';
import { COLLATERAL } from '../engine/ledger.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import type { EngineOrder, TradeRecord } from '../engine/types.js';
import type { FaultSwitchboard } from '../faults/fault-controller.js';
import type { BucketKind, SignerBuckets } from '../faults/signer-buckets.js';
import type { TradeVisibility } from '../faults/trade-visibility.js';
import { l2Signature, recoverClobAuthSigner } from '../protocol/auth-signatures.js';
import {
  EXCHANGE_V2,
  NEG_RISK_ADAPTER,
  NEG_RISK_EXCHANGE_V2,
} from '../protocol/order-signature.js';
import type { ApiKeyRegistry } from './api-key-registry.js';
import type { HeartbeatMonitor } from './heartbeat-monitor.js';
import { heldOrderJson, type HeldOrder, type HeldOrders } from './held-orders.js';
import { bookSummary, midMicros } from './market-views.js';
import { failedEntry, OrderIntake, type OrderReply } from './order-intake.js';
import { paginate } from './pagination.js';
import type { PriceHistory } from './price-history.js';
import { clobMarketJson, marketJson, openOrderJson, tickNumber, tradeJson } from './wire-format.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Accepted clock skew of signed requests, in seconds. Pagination reuses one header set inside it. */
export const AUTH_WINDOW_SEC = 30;
export const MAX_BATCH_ORDERS = 15;
export const ORDERS_PAGE_SIZE = 100;
export const TRADES_PAGE_SIZE = 100;
export const MARKETS_PAGE_SIZE = 500;
const MAX_UINT256 = (2n ** 256n - 1n).toString();
const NOT_CANCELED = 'Order not found or already canceled';
const FAULT_TAKER = '0x00000000000000000000000000000000000fa017';

interface L2Auth {
  apiKey: string;
  address: string;
}

const ok = (body: unknown): ApiReply => ({ status: 200, body });
const fail = (status: number, error: string): ApiReply => ({ status, body: { error } });
const unauthorized = (): ApiReply => fail(401, 'Unauthorized/Invalid api key');
const invalidL1 = (): ApiReply => fail(401, 'Invalid L1 Request headers');

function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('invalid-json');
  }
}

const CancelOneSchema = z.object({ orderID: z.string() });
const CancelManySchema = z.array(z.string());
const CancelMarketSchema = z.object({
  market: z.string().optional(),
  asset_id: z.string().optional(),
});

const HeartbeatSchema = z.object({ heartbeat_id: z.string().nullable().optional() });

const TokenListSchema = z.array(z.object({ token_id: z.string(), side: z.string().optional() }));

export interface RestApiDeps {
  engine: MatchingEngine;
  keys: ApiKeyRegistry;
  heartbeats: HeartbeatMonitor;
  faults: FaultSwitchboard;
  /** What `/data/trades` may show yet (`restTradeLagMs`). */
  tradeVisibility: TradeVisibility;
  /** Per-signer order and cancel token buckets (`signerRateLimits`). */
  signerBuckets: SignerBuckets;
  /** Orders answered `delayed` or `unmatched`. */
  held: HeldOrders;
  history: PriceHistory;
  chainId: number;
  logger: Logger;
  startedAtIso: string;
  now: () => number;
}

/** Every Polymarket CLOB V2 REST endpoint the official client and the app call. */
export class RestApi {
  private readonly intake: OrderIntake;
  /** order id → lower-case signer that placed it. */
  private readonly orderSigner = new Map<string, string>();
  /** signer → funding addresses it placed orders for (proxy / safe makers). */
  private readonly funders = new Map<string, Set<string>>();

  constructor(private readonly d: RestApiDeps) {
    this.intake = new OrderIntake(
      d.engine,
      d.chainId,
      {
        claim: (id, signer, maker) => {
          if (this.orderSigner.has(id)) return false;
          this.orderSigner.set(id, signer);
          let set = this.funders.get(signer);
          if (!set) {
            set = new Set([signer]);
            this.funders.set(signer, set);
          }
          set.add(maker);
          return true;
        },
        release: (id) => {
          this.orderSigner.delete(id);
        },
      },
      {
        rules: () => d.faults.rules(),
        draw: () => d.faults.draw(),
        held: d.held,
      },
    );
  }

  /** Lower-case signer that placed an order (undefined for agent orders). */
  signerOf(orderId: string): string | undefined {
    return this.orderSigner.get(orderId);
  }

  /** Every order accepted through POST /order(s), in acceptance order. */
  acceptedOrderIds(): IterableIterator<string> {
    return this.orderSigner.keys();
  }

  /** The accounts whose balances and fills belong to a signer. */
  accountsOf(signer: string): Set<string> {
    return this.funders.get(signer) ?? new Set([signer]);
  }

  /** The L2-authenticated caller of a request (also for paper-only endpoints), or null. */
  authenticate(req: ApiRequest): { apiKey: string; address: string } | null {
    return this.l2(req);
  }

  handle(req: ApiRequest): ApiReply {
    const { method, path } = req;
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /':
      case 'GET /ok':
        return ok('OK');
      case 'GET /time':
        return ok(Math.floor(this.d.now() / 1000));
      case 'GET /version':
        return ok({ version: 2 });
      case 'POST /auth/api-key':
        return this.createApiKey(req);
      case 'GET /auth/derive-api-key':
        return this.deriveApiKey(req);
      case 'GET /markets':
      case 'GET /sampling-markets':
        return this.markets(req, false);
      case 'GET /simplified-markets':
      case 'GET /sampling-simplified-markets':
        return this.markets(req, true);
      case 'GET /book':
        return this.book(req.query.get('token_id'));
      case 'POST /books':
        return this.books(req);
      case 'GET /price':
        return this.price(req.query.get('token_id'), req.query.get('side'));
      case 'POST /prices':
        return this.prices(req);
      case 'GET /midpoint':
        return this.tokenValue(req.query.get('token_id'), (t) => this.midpoint(t), 'mid');
      case 'POST /midpoints':
        return this.tokenMap(req, (t) => this.midpoint(t));
      case 'GET /spread':
        return this.tokenValue(req.query.get('token_id'), (t) => this.spread(t), 'spread');
      case 'POST /spreads':
        return this.tokenMap(req, (t) => this.spread(t));
      case 'GET /last-trade-price':
        return this.lastTradePrice(req.query.get('token_id'));
      case 'POST /last-trades-prices':
        return this.lastTradesPrices(req);
      case 'GET /tick-size':
        return this.tickSize(req.query.get('token_id'));
      case 'GET /neg-risk':
        return this.tokenInfo(req.query.get('token_id'), (m) => ({ neg_risk: m.negRisk }));
      case 'GET /fee-rate':
        return this.tokenInfo(req.query.get('token_id'), (m) => ({
          base_fee: Math.round(m.fee.r * 10_000),
        }));
      case 'GET /prices-history':
        return this.pricesHistory(req);
    }
    if (method === 'GET' && path.startsWith('/markets/live-activity/')) return ok([]);
    if (method === 'GET' && path.startsWith('/markets/'))
      return this.market(path.slice('/markets/'.length));
    if (method === 'GET' && path.startsWith('/markets-by-token/'))
      return this.marketByToken(path.slice(18));
    if (method === 'GET' && path.startsWith('/clob-markets/'))
      return this.clobMarket(path.slice('/clob-markets/'.length));
    if (method === 'GET' && path.startsWith('/tick-size/'))
      return this.tickSize(path.slice('/tick-size/'.length));
    if (method === 'GET' && path.startsWith('/fees/builder-fees/')) {
      return ok({ builder_maker_fee_rate_bps: 0, builder_taker_fee_rate_bps: 0 });
    }
    if (method === 'GET' && path.startsWith('/live-activity/events/')) return ok([]);
    if (method === 'GET' && path.startsWith('/rewards/markets/')) {
      return ok(paginate([], req.query.get('next_cursor'), MARKETS_PAGE_SIZE));
    }

    const auth = this.l2(req);
    if (auth === null) {
      return this.isPrivate(method, path) ? unauthorized() : fail(404, 'Not Found');
    }
    switch (route) {
      case 'GET /auth/api-keys':
        return ok({ apiKeys: this.d.keys.keysOf(auth.address) });
      case 'DELETE /auth/api-key':
        this.d.keys.delete(auth.apiKey);
        return ok('OK');
      case 'GET /auth/ban-status/closed-only':
        return ok({ closed_only: false });
      case 'POST /order':
        return this.limited(auth, 'order', 1, false, () => this.postOrder(req, auth));
      case 'POST /orders':
        return this.limited(auth, 'order', batchCost(req.body), false, () =>
          this.postOrders(req, auth),
        );
      case 'DELETE /order':
        return this.limited(auth, 'cancel', 1, false, () => this.cancelOne(req, auth));
      case 'DELETE /orders':
        return this.limited(auth, 'cancel', batchCost(req.body), false, () =>
          this.cancelMany(req, auth),
        );
      case 'DELETE /cancel-all':
        return this.limited(auth, 'cancel', 1, true, () =>
          ok(
            this.cancelIds(
              this.liveOrdersOf(auth).map((o) => o.id),
              auth,
            ),
          ),
        );
      case 'DELETE /cancel-market-orders':
        return this.limited(auth, 'cancel', 1, true, () => this.cancelMarket(req, auth));
      case 'GET /data/orders':
        return this.openOrders(req, auth);
      case 'GET /data/pre-migration-orders':
        return ok(paginate([], req.query.get('next_cursor'), ORDERS_PAGE_SIZE));
      case 'GET /data/trades':
        return this.tradesPage(req, auth);
      case 'GET /balance-allowance':
        return this.balanceAllowance(req, auth);
      case 'GET /balance-allowance/update':
        return ok('');
      case 'POST /v1/heartbeats':
        return this.heartbeat(req, auth);
      case 'POST /heartbeats':
        this.d.heartbeats.legacyBeat(auth.apiKey);
        return ok({ status: 'ok' });
      case 'GET /order-scoring':
        return ok({ scoring: false });
      case 'POST /orders-scoring': {
        const ids = parseJson(req.body);
        return ok(
          Array.isArray(ids) ? Object.fromEntries(ids.map((id) => [String(id), false])) : {},
        );
      }
      case 'GET /notifications':
        return ok([]);
      case 'DELETE /notifications':
        return ok('OK');
      case 'GET /rewards/user':
      case 'GET /rewards/user/markets':
        return ok(paginate([], req.query.get('next_cursor'), MARKETS_PAGE_SIZE));
      case 'GET /rewards/user/total':
        return ok([]);
      case 'GET /rewards/user/percentages':
        return ok({});
    }
    if (method === 'GET' && path.startsWith('/data/order/'))
      return this.getOrder(path.slice('/data/order/'.length), auth);
    return fail(404, 'Not Found');
  }

  /**
   * Runs a trading request under the signer's token bucket: 429 `Too Many Requests` without
   * processing when the bucket lacks the cost; `chargeCanceled` takes one more token per order
   * the request cancelled. The `Poly-RateLimit-*` headers go on the reply either way.
   */
  private limited(
    auth: L2Auth,
    kind: BucketKind,
    cost: number,
    chargeCanceled: boolean,
    run: () => ApiReply,
  ): ApiReply {
    const admission = this.d.signerBuckets.admit(auth.address, kind, cost);
    if (!admission.ok) {
      this.d.logger.info({ apiKey: auth.apiKey, kind, cost }, 'rate limited');
      return { ...fail(429, 'Too Many Requests'), headers: admission.headers };
    }
    const reply = run();
    let headers = admission.headers;
    if (chargeCanceled && reply.status === 200) {
      const canceled = (reply.body as { canceled?: unknown }).canceled;
      const count = Array.isArray(canceled) ? canceled.length : 0;
      if (count > 0) headers = this.d.signerBuckets.charge(auth.address, kind, count);
    }
    return Object.keys(headers).length > 0 ? { ...reply, headers } : reply;
  }

  private isPrivate(method: string, path: string): boolean {
    return (
      path.startsWith('/data/') ||
      path.startsWith('/auth/') ||
      path.startsWith('/balance-allowance') ||
      path.endsWith('heartbeats') ||
      path.startsWith('/order') ||
      path.startsWith('/cancel') ||
      path.startsWith('/notifications') ||
      path.startsWith('/rewards/user') ||
      (method !== 'GET' && path === '/orders')
    );
  }

  // ---- auth ----

  private fresh(timestamp: string | undefined): boolean {
    if (timestamp === undefined || !/^\d+$/.test(timestamp)) return false;
    return Math.abs(Number(timestamp) - this.d.now() / 1000) <= AUTH_WINDOW_SEC;
  }

  private l1(req: ApiRequest): { address: string; nonce: bigint } | null {
    const address = header(req, 'poly_address');
    const signature = header(req, 'poly_signature');
    const timestamp = header(req, 'poly_timestamp');
    const nonceText = header(req, 'poly_nonce') ?? '0';
    if (!address || !signature || !timestamp || !/^\d+$/.test(nonceText) || !this.fresh(timestamp))
      return null;
    const nonce = BigInt(nonceText);
    const signer = recoverClobAuthSigner(this.d.chainId, address, timestamp, nonce, signature);
    if (signer === null || signer.toLowerCase() !== address.toLowerCase()) return null;
    return { address: address.toLowerCase(), nonce };
  }

  private l2(req: ApiRequest): L2Auth | null {
    const address = header(req, 'poly_address');
    const signature = header(req, 'poly_signature');
    const timestamp = header(req, 'poly_timestamp');
    const apiKey = header(req, 'poly_api_key');
    const passphrase = header(req, 'poly_passphrase');
    if (!address || !signature || !timestamp || !apiKey || !passphrase) return null;
    const record = this.d.keys.get(apiKey, address);
    if (
      !record ||
      record.creds.passphrase !== passphrase ||
      record.address !== address.toLowerCase()
    )
      return null;
    if (!this.fresh(timestamp)) return null;
    const expected = l2Signature(
      record.creds.secret,
      timestamp,
      req.method,
      req.path,
      req.body === '' ? undefined : req.body,
    );
    if (expected !== signature) return null;
    return { apiKey, address: record.address };
  }

  private createApiKey(req: ApiRequest): ApiReply {
    const who = this.l1(req);
    if (!who) return invalidL1();
    const creds = this.d.keys.create(who.address, who.nonce);
    if (!creds) return fail(400, 'Could not create api key');
    this.d.engine.ledger.open(who.address);
    this.d.logger.info(
      { address: who.address, nonce: who.nonce.toString(), apiKey: creds.apiKey },
      'api key created',
    );
    return ok(creds);
  }

  private deriveApiKey(req: ApiRequest): ApiReply {
    const who = this.l1(req);
    if (!who) return invalidL1();
    const creds = this.d.keys.derive(who.address, who.nonce);
    return creds ? ok(creds) : fail(400, 'Could not derive api key!');
  }

  // ---- market data ----

  private markets(req: ApiRequest, simplified: boolean): ApiReply {
    const all = this.d.engine.markets().map((m) => {
      const full = marketJson(
        m,
        midMicros(this.d.engine, m.yesTokenId) ?? 500_000,
        this.d.startedAtIso,
      );
      if (!simplified) return full;
      const { condition_id, rewards, tokens, active, closed, archived, accepting_orders } = full;
      return { condition_id, rewards, tokens, active, closed, archived, accepting_orders };
    });
    const page = paginate(all, req.query.get('next_cursor'), MARKETS_PAGE_SIZE);
    return page ? ok(page) : fail(400, 'Invalid market');
  }

  private market(conditionId: string): ApiReply {
    const m = this.d.engine.market(conditionId);
    if (!m) return fail(404, 'market not found');
    return ok(
      marketJson(m, midMicros(this.d.engine, m.yesTokenId) ?? 500_000, this.d.startedAtIso),
    );
  }

  private marketByToken(tokenId: string): ApiReply {
    const ref = this.d.engine.token(tokenId);
    if (!ref) return fail(404, 'market not found');
    return ok({
      condition_id: ref.market.conditionId,
      primary_token_id: ref.market.yesTokenId,
      secondary_token_id: ref.market.noTokenId,
    });
  }

  private clobMarket(conditionId: string): ApiReply {
    const m = this.d.engine.market(conditionId);
    return m ? ok(clobMarketJson(m)) : fail(404, 'market not found');
  }

  private checkToken(tokenId: string | null): ApiReply | null {
    if (!tokenId || !/^\d+$/.test(tokenId)) return fail(400, 'Invalid token id');
    if (!this.d.engine.token(tokenId))
      return fail(404, 'No orderbook exists for the requested token id');
    return null;
  }

  private book(tokenId: string | null): ApiReply {
    const bad = this.checkToken(tokenId);
    if (bad) return bad;
    return ok(bookSummary(this.d.engine, tokenId as string, this.d.now()));
  }

  private tokenList(req: ApiRequest): { token_id: string; side?: string | undefined }[] | null {
    const parsed = TokenListSchema.safeParse(parseJson(req.body));
    return parsed.success ? parsed.data : null;
  }

  private books(req: ApiRequest): ApiReply {
    const list = this.tokenList(req);
    if (!list) return fail(400, 'Invalid payload');
    if (list.length > 500) return fail(400, 'Payload exceeds the limit');
    const out = [];
    for (const { token_id } of list) {
      const bad = this.checkToken(token_id);
      if (bad) return bad;
      out.push(bookSummary(this.d.engine, token_id, this.d.now()));
    }
    return ok(out);
  }

  private sidePrice(tokenId: string, side: string): string {
    const { bid, ask } = this.d.engine.bestBidAsk(tokenId);
    const p = side === 'BUY' ? bid : ask;
    return formatMicros(p ?? 0);
  }

  private price(tokenId: string | null, side: string | null): ApiReply {
    const bad = this.checkToken(tokenId);
    if (bad) return bad;
    const s = side?.toUpperCase();
    if (s !== 'BUY' && s !== 'SELL') return fail(400, 'Invalid side');
    return ok({ price: this.sidePrice(tokenId as string, s) });
  }

  private prices(req: ApiRequest): ApiReply {
    const list = this.tokenList(req);
    if (!list) return fail(400, 'Invalid payload');
    const out: Record<string, Record<string, string>> = {};
    for (const { token_id, side } of list) {
      const bad = this.checkToken(token_id);
      if (bad) return bad;
      const s = side?.toUpperCase();
      if (s !== 'BUY' && s !== 'SELL') return fail(400, 'Invalid side');
      out[token_id] = { ...(out[token_id] ?? {}), [s]: this.sidePrice(token_id, s) };
    }
    return ok(out);
  }

  private midpoint(tokenId: string): string {
    return formatMicros(midMicros(this.d.engine, tokenId) ?? 500_000);
  }

  private spread(tokenId: string): string {
    const { bid, ask } = this.d.engine.bestBidAsk(tokenId);
    return bid !== null && ask !== null ? formatMicros(ask - bid) : '0';
  }

  private tokenValue(tokenId: string | null, f: (t: string) => string, key: string): ApiReply {
    const bad = this.checkToken(tokenId);
    if (bad) return bad;
    return ok({ [key]: f(tokenId as string) });
  }

  private tokenMap(req: ApiRequest, f: (t: string) => string): ApiReply {
    const list = this.tokenList(req);
    if (!list) return fail(400, 'Invalid payload');
    const out: Record<string, string> = {};
    for (const { token_id } of list) {
      const bad = this.checkToken(token_id);
      if (bad) return bad;
      out[token_id] = f(token_id);
    }
    return ok(out);
  }

  private lastTrade(tokenId: string): { price: string; side: string } {
    const last = this.d.engine.lastTrade(tokenId);
    return last
      ? { price: formatMicros(last.priceMicros), side: last.side }
      : { price: '0.5', side: '' };
  }

  private lastTradePrice(tokenId: string | null): ApiReply {
    const bad = this.checkToken(tokenId);
    if (bad) return bad;
    return ok(this.lastTrade(tokenId as string));
  }

  private lastTradesPrices(req: ApiRequest): ApiReply {
    const list = this.tokenList(req);
    if (!list) return fail(400, 'Invalid payload');
    const out = [];
    for (const { token_id } of list) {
      const bad = this.checkToken(token_id);
      if (bad) return bad;
      out.push({ token_id, ...this.lastTrade(token_id) });
    }
    return ok(out);
  }

  private tokenInfo(
    tokenId: string | null,
    f: (m: NonNullable<ReturnType<MatchingEngine['market']>>) => unknown,
  ): ApiReply {
    if (!tokenId || !/^\d+$/.test(tokenId)) return fail(400, 'Invalid token id');
    const ref = this.d.engine.token(tokenId);
    return ref ? ok(f(ref.market)) : fail(404, 'market not found');
  }

  private tickSize(tokenId: string | null): ApiReply {
    return this.tokenInfo(tokenId, (m) => ({ minimum_tick_size: tickNumber(m.tickMicros) }));
  }

  private pricesHistory(req: ApiRequest): ApiReply {
    const tokenId = req.query.get('market');
    const bad = this.checkToken(tokenId);
    if (bad) return bad;
    const nowSec = Math.floor(this.d.now() / 1000);
    const spans: Record<string, number> = {
      '1m': 60,
      '1h': 3600,
      '6h': 21_600,
      '1d': 86_400,
      '1w': 604_800,
      max: nowSec,
    };
    const interval = req.query.get('interval');
    const startTs = req.query.get('startTs');
    const endTs = req.query.get('endTs');
    let start: number;
    let end = nowSec;
    if (interval && spans[interval] !== undefined) start = nowSec - (spans[interval] as number);
    else if (startTs && endTs && /^\d+$/.test(startTs) && /^\d+$/.test(endTs)) {
      start = Number(startTs);
      end = Number(endTs);
    } else return fail(400, 'Invalid payload');
    const fidelity = Number(req.query.get('fidelity') ?? '1') || 1;
    return ok({ history: this.d.history.query(tokenId as string, start, end, fidelity) });
  }

  // ---- orders ----

  private postOrder(req: ApiRequest, auth: L2Auth): ApiReply {
    const body = parseJson(req.body);
    const r = this.intake.submit(body, auth);
    if (!r.ok) {
      this.d.logger.info({ apiKey: auth.apiKey, error: r.error }, 'order rejected');
      return fail(400, r.error);
    }
    this.logPlaced(r.reply, auth);
    return ok(r.reply);
  }

  private postOrders(req: ApiRequest, auth: L2Auth): ApiReply {
    const body = parseJson(req.body);
    if (!Array.isArray(body)) return fail(400, 'Invalid order payload');
    if (body.length > MAX_BATCH_ORDERS) {
      return fail(
        400,
        `Too many orders in payload: ${body.length}, max allowed: ${MAX_BATCH_ORDERS}`,
      );
    }
    const replies: OrderReply[] = body.map((item: unknown) => {
      const r = this.intake.submit(item, auth);
      if (!r.ok) return failedEntry(r.error);
      this.logPlaced(r.reply, auth);
      return r.reply;
    });
    return ok(replies);
  }

  private logPlaced(reply: OrderReply, auth: L2Auth): void {
    this.d.logger.info(
      {
        apiKey: auth.apiKey,
        orderId: reply.orderID,
        status: reply.status,
        tradeIds: reply.tradeIDs,
      },
      'order placed',
    );
  }

  private ownedBy(order: EngineOrder | undefined, auth: L2Auth): order is EngineOrder {
    return order !== undefined && this.orderSigner.get(order.id) === auth.address;
  }

  private liveOrdersOf(auth: L2Auth): EngineOrder[] {
    return this.d.engine.openOrders().filter((o) => this.orderSigner.get(o.id) === auth.address);
  }

  private cancelIds(
    ids: string[],
    auth: L2Auth,
  ): { canceled: string[]; not_canceled: Record<string, string> } {
    const canceled: string[] = [];
    const notCanceled: Record<string, string> = {};
    for (const id of new Set(ids)) {
      if (this.heldBy(id, auth)?.status === 'DELAYED' && this.d.held.cancel(id)) {
        canceled.push(id);
        continue;
      }
      const order = this.d.engine.getOrder(id);
      if (!this.ownedBy(order, auth) || order.status !== 'LIVE') {
        notCanceled[id] = NOT_CANCELED;
        continue;
      }
      // A taker that reaches the book between the cancel's arrival and its acknowledgement.
      const racing = this.d.faults.matchDuringCancel(order.originalSize - order.matched);
      if (racing > 0n) {
        this.d.engine.fillAgainst(id, racing, FAULT_TAKER, 'fault-taker');
        this.d.logger.info(
          { orderId: id, filled: formatMicros(racing) },
          'fault: match during cancel',
        );
      }
      if (this.d.engine.cancel(id)) canceled.push(id);
      else notCanceled[id] = NOT_CANCELED;
    }
    if (canceled.length > 0)
      this.d.logger.info({ apiKey: auth.apiKey, canceled }, 'orders canceled');
    return { canceled, not_canceled: notCanceled };
  }

  private cancelOne(req: ApiRequest, auth: L2Auth): ApiReply {
    const parsed = CancelOneSchema.safeParse(parseJson(req.body));
    if (!parsed.success) return fail(400, 'Invalid orderID');
    return ok(this.cancelIds([parsed.data.orderID], auth));
  }

  private cancelMany(req: ApiRequest, auth: L2Auth): ApiReply {
    const parsed = CancelManySchema.safeParse(parseJson(req.body));
    if (!parsed.success) return fail(400, 'Invalid orderID');
    if (parsed.data.length > 3000)
      return fail(400, 'Too many orders in payload, max allowed: 3000');
    return ok(this.cancelIds(parsed.data, auth));
  }

  private cancelMarket(req: ApiRequest, auth: L2Auth): ApiReply {
    const body = parseJson(req.body) ?? {};
    const parsed = CancelMarketSchema.safeParse(body);
    if (!parsed.success) return fail(400, 'invalid order params payload');
    const { market, asset_id } = parsed.data;
    const ids = this.liveOrdersOf(auth)
      .filter((o) => (!market || o.conditionId === market) && (!asset_id || o.tokenId === asset_id))
      .map((o) => o.id);
    return ok(this.cancelIds(ids, auth));
  }

  private getOrder(id: string, auth: L2Auth): ApiReply {
    if (!/^0x[0-9a-fA-F]{64}$/.test(id)) return fail(400, 'Invalid orderID');
    const held = this.heldBy(id, auth);
    if (held) return ok(this.forgotten(held) ? null : heldOrderJson(held));
    const order = this.d.engine.getOrder(id);
    if (!this.ownedBy(order, auth) || this.forgotten(order)) return ok(null);
    return ok(openOrderJson(order));
  }

  private heldBy(id: string, auth: L2Auth): HeldOrder | undefined {
    const held = this.d.held.get(id);
    return held && this.orderSigner.get(id) === auth.address ? held : undefined;
  }

  /** Polymarket stops answering for orders that are no longer live (`forgetFinalOrdersAfterMs`). */
  private forgotten(order: { finalAtMs: number | null }): boolean {
    const after = this.d.faults.timing().forgetFinalOrdersAfterMs;
    return after !== null && order.finalAtMs !== null && this.d.now() - order.finalAtMs >= after;
  }

  private openOrders(req: ApiRequest, auth: L2Auth): ApiReply {
    const q = req.query;
    const id = q.get('id');
    const market = q.get('market');
    const asset = q.get('asset_id');
    const list = this.liveOrdersOf(auth)
      .filter(
        (o) =>
          (!id || o.id === id) &&
          (!market || o.conditionId === market) &&
          (!asset || o.tokenId === asset),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((o): object => openOrderJson(o));
    for (const h of this.d.held.delayed()) {
      if (this.orderSigner.get(h.input.id) !== auth.address) continue;
      if (
        (!id || h.input.id === id) &&
        (!market || h.conditionId === market) &&
        (!asset || h.input.tokenId === asset)
      )
        list.push(heldOrderJson(h));
    }
    const page = paginate(list, q.get('next_cursor'), ORDERS_PAGE_SIZE);
    return page ? ok(page) : fail(400, 'invalid order params payload');
  }

  /** Trades where any of the signer's accounts took part, newest first. */
  tradesOf(signer: string): TradeRecord[] {
    const accounts = this.accountsOf(signer);
    const out: TradeRecord[] = [];
    const all = this.d.engine.trades();
    for (let i = all.length - 1; i >= 0; i--) {
      const t = all[i] as TradeRecord;
      if (accounts.has(t.takerAccount) || t.makers.some((m) => accounts.has(m.account)))
        out.push(t);
    }
    return out;
  }

  private tradesPage(req: ApiRequest, auth: L2Auth): ApiReply {
    const q = req.query;
    const id = q.get('id');
    const market = q.get('market');
    const asset = q.get('asset_id');
    const makerAddress = q.get('maker_address')?.toLowerCase();
    const before = q.get('before');
    const after = q.get('after');
    const accounts = this.accountsOf(auth.address);
    const nowMs = this.d.now();
    const list = this.tradesOf(auth.address)
      .map((t) => this.d.tradeVisibility.view(t, nowMs))
      .filter((t): t is TradeRecord => t !== null)
      .filter(
        (t) =>
          (!id || t.id === id) &&
          (!market || t.conditionId === market) &&
          (!asset || t.tokenId === asset || t.makers.some((m) => m.tokenId === asset)) &&
          (!makerAddress ||
            t.takerAccount === makerAddress ||
            t.makers.some((m) => m.account === makerAddress)) &&
          (!before || Math.floor(t.matchTimeMs / 1000) < Number(before)) &&
          (!after || Math.floor(t.matchTimeMs / 1000) > Number(after)),
      )
      .map((t) =>
        tradeJson(
          t,
          accounts.has(t.takerAccount)
            ? t.takerAccount
            : (t.makers.find((m) => accounts.has(m.account))?.account ?? null),
        ),
      );
    const page = paginate(list, q.get('next_cursor'), TRADES_PAGE_SIZE);
    return page ? ok(page) : fail(400, 'Invalid trade params payload');
  }

  private balanceAllowance(req: ApiRequest, auth: L2Auth): ApiReply {
    const type = req.query.get('asset_type')?.toUpperCase();
    const sigType = req.query.get('signature_type') ?? '0';
    let account = auth.address;
    if (sigType !== '0') {
      const other = [...this.accountsOf(auth.address)].find((a) => a !== auth.address);
      if (other) account = other;
    }
    let asset: string;
    if (type === 'COLLATERAL') asset = COLLATERAL;
    else if (type === 'CONDITIONAL') {
      const tokenId = req.query.get('token_id');
      if (!tokenId || !this.d.engine.token(tokenId)) return fail(400, 'Invalid token id');
      asset = tokenId;
    } else return fail(400, 'Invalid asset type');
    const balance = this.d.engine.ledger.balance(account, asset).toString();
    return ok({
      balance,
      allowances: {
        [EXCHANGE_V2]: MAX_UINT256,
        [NEG_RISK_EXCHANGE_V2]: MAX_UINT256,
        [NEG_RISK_ADAPTER]: MAX_UINT256,
      },
      allowance: MAX_UINT256,
    });
  }

  private heartbeat(req: ApiRequest, auth: L2Auth): ApiReply {
    const parsed = HeartbeatSchema.safeParse(parseJson(req.body) ?? {});
    if (!parsed.success) return fail(400, 'Invalid payload');
    const r = this.d.heartbeats.beat(auth.apiKey, parsed.data.heartbeat_id ?? null);
    if (!r.ok)
      return { status: 400, body: { error_msg: 'Invalid Heartbeat ID', heartbeat_id: r.expected } };
    return ok({ heartbeat_id: r.id });
  }
}

/** Token cost of a batch body: one per entry of a JSON array (a body that is not one costs 1). */
function batchCost(body: string): number {
  const parsed = parseJson(body);
  return Array.isArray(parsed) ? parsed.length : 1;
}

/** Parses "12.5" (USDC) or a micro-unit integer string for the control endpoint. */
export function parseUsdc(value: unknown): bigint | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return parseMicros(value.toFixed(6));
  if (typeof value === 'string') return parseMicros(value);
  return null;
}
