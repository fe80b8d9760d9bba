import {
  AssetType,
  ClobClient,
  OrderType,
  Side as ClobSide,
  type ApiKeyCreds,
  type SignedOrder,
  answerPlacementsAtOnce,
  fastHmac,
} from './official-client';
import { Wallet } from 'ethers';
import type { z } from 'zod';
import type { EventInfo, GammaListFilter } from '@shared/domain/gamma';
import { PolydeskError } from '@shared/errors';
import { silentLogger, type Logger } from '../host/logger';
import { configureClientTransport } from './client-transport';
import { toClobSigner, type ClobTypedDataSigner } from './ethers-signer';
import type {
  Balance,
  BookListener,
  BookSnapshot,
  BookSubscription,
  CancelResult,
  ConnectionState,
  Exchange,
  ExchangeOrder,
  Fill,
  GammaEventList,
  GammaLookup,
  HeartbeatOptions,
  HeartbeatState,
  MarketContext,
  MarketInfo,
  MarketSummary,
  OrderRequest,
  PlaceResult,
  PreparedOrder,
  RedeemOutcome,
  StreamState,
  TickSize,
  TradeFilter,
  UserEventListener,
} from './exchange-port';
import { GammaClient, LIVE_GAMMA_URL } from './gamma-client';
import { Heartbeat, type HeartbeatReply } from './heartbeat';
import { LocalBook } from './local-book';
import { marketOrderProblem } from './market-order-rules';
import { MarketStream } from './market-stream';
import {
  clobFailure,
  isProvenRefusal,
  parseTickSize,
  toExchangeOrder,
  toMicros,
  toPlaceResult,
  tradeToFills,
  type Identity,
} from './normalize';
import { expectedAmounts, orderIdOf, validateRequest } from './order-signing';
import { RateLimiter, type RateWindow } from './rate-limiter';
import { paperRedeem, RedeemNotSubmittedError } from './redeem';
import type { StageTimer } from './stage-timing';
import { decimalToMicros, microsToFloat } from './units';
import { UserStream } from './user-stream';
import {
  ApiCredsSchema,
  BalanceSchema,
  CancelReplySchema,
  ClobMarketInfoSchema,
  HeartbeatReplySchema,
  MarketSchema,
  MarketsPageSchema,
  OpenOrderSchema,
  RestBookSchema,
  TradeSchema,
  TradesPageSchema,
  type RestBook,
  type WireMarket,
} from './wire-schemas';

export interface ClobExchangeConfig {
  /** REST base, e.g. https://clob.polymarket.com or the emulator's http://127.0.0.1:port. */
  restUrl: string;
  /** WS base; channels at `${wsUrl}/ws/market` and `/ws/user`. */
  wsUrl: string;
  chainId: 137 | 80002;
  /** Without it the exchange is read-only: market data only, trading calls throw READ_ONLY. */
  privateKey?: string;
  /** 0 EOA (default), 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE, 3 POLY_1271. */
  signatureType?: 0 | 1 | 2 | 3;
  /** The funding wallet (maker) for signature types 1–3. */
  funderAddress?: string;
  /** API credentials; created or derived with the private key when absent. */
  creds?: ApiKeyCreds;
  apiKeyNonce?: number;
  /** Sign with the exchange's clock (one GET /time per authenticated call) when ours is skewed. */
  useServerTime?: boolean;
  /** REST polling cadence while a market stream connection is down (default 2000). */
  pollIntervalMs?: number;
  /** Timeout of reads and cancels (default 10000). */
  requestTimeoutMs?: number;
  /** Timeout of POST /order; past it the outcome is `unknown` (default 10000). */
  placeTimeoutMs?: number;
  stallCheckIntervalMs?: number;
  stallGraceMs?: number;
  snapshotTimeoutMs?: number;
  maxAssetsPerConnection?: number;
  verifyBookHashes?: boolean;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  rateLimits?: Record<string, RateWindow[]>;
  logger?: Logger;
  /** Benchmarks only: timestamps of the order path (stage-timing.ts). Absent: no cost. */
  stageTimer?: StageTimer;
  /** Gamma base URL (default https://gamma-api.polymarket.com; paper: `${restUrl}/gamma`). */
  gammaUrl?: string;
  /** Timeout of each Gamma request; past it Gamma counts as unavailable (default 3000). */
  gammaTimeoutMs?: number;
  /**
   * The exchange is Polydesk's paper exchange: redeem goes to its /_emulator/redeem. Absent or
   * false (Polymarket), redeem throws RedeemNotSubmittedError.
   */
  paperExchange?: boolean;
}

const END_CURSOR = 'LTE=';
const MAX_PAGES = 10_000;
/**
 * DELETE /orders costs one cancel token per id, and a batch above the signer's cancel burst (120 on
 * the Standard tier) can never be admitted: stay under it.
 */
const CANCEL_CHUNK = 100;

/** Creates the exchange: derives API credentials first when a key is given without them. */
export async function createClobExchange(config: ClobExchangeConfig): Promise<ClobExchange> {
  const logger = config.logger ?? silentLogger();
  configureClientTransport();
  if (!config.privateKey) return new ClobExchange(config, undefined, undefined, logger);
  let wallet: Wallet;
  try {
    wallet = new Wallet(config.privateKey);
  } catch {
    throw new PolydeskError('BAD_REQUEST', 'the private key is not a valid secp256k1 key');
  }
  let creds = config.creds;
  if (!creds) {
    const bootstrap = new ClobClient({
      host: config.restUrl,
      chain: config.chainId,
      signer: toClobSigner(wallet),
      ...(config.signatureType !== undefined && { signatureType: config.signatureType }),
      ...(config.funderAddress !== undefined && { funderAddress: config.funderAddress }),
      retryOnError: false,
      throwOnError: false,
      ...(config.useServerTime !== undefined && { useServerTime: config.useServerTime }),
    });
    const timeoutMs = config.requestTimeoutMs ?? 10_000;
    const unavailable = (err: unknown): never => {
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', `API key: ${errorMessage(err)}`);
    };
    // The client folds a failed create/derive into empty credentials, losing the status; so
    // reachability is proven first, and a failure after that is the exchange refusing.
    const time: unknown = await withTimeout(
      bootstrap.getServerTime(),
      timeoutMs,
      'GET /time',
    ).catch(unavailable);
    if (typeof time !== 'number') {
      unavailable(clobFailure(time)?.message ?? 'exchange unreachable');
    }
    const reply: unknown = await withTimeout(
      bootstrap.createOrDeriveApiKey(config.apiKeyNonce ?? 0),
      timeoutMs,
      'create or derive API key',
    ).catch(unavailable);
    const parsed = ApiCredsSchema.safeParse(reply);
    if (!parsed.success) {
      throw new PolydeskError(
        'EXCHANGE_REJECTED',
        'the exchange would neither create nor derive an API key for this wallet',
      );
    }
    creds = parsed.data;
    logger.info({ address: wallet.address }, 'API key ready');
  }
  return new ClobExchange(config, wallet, creds, logger);
}

/** The Exchange port on @polymarket/clob-client-v2 (REST) and our own WebSocket clients. */
export class ClobExchange implements Exchange, MarketContext {
  readonly readOnly: boolean;
  readonly gammaUrl: string;
  readonly redeemVia: 'paper-exchange' | 'not-submitted';
  private readonly gamma: GammaClient;
  private readonly signer: ClobTypedDataSigner | undefined;
  readonly signerAddress: string | undefined;
  readonly makerAddress: string | undefined;
  private readonly client: ClobClient;
  private readonly limiter: RateLimiter;
  private readonly marketStream: MarketStream;
  private readonly heartbeat: Heartbeat;
  private readonly userStreams = new Set<UserStream>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly signedOrders = new WeakMap<PreparedOrder, SignedOrder>();
  private readonly submitted = new WeakSet<PreparedOrder>();
  private readonly ticks = new Map<string, TickSize>();
  private readonly negRisk = new Map<string, boolean>();
  private readonly conditionOf = new Map<string, string>();
  private readonly identity: Identity;
  private restState: 'ok' | 'degraded' = 'ok';
  private marketState: StreamState | 'idle' = 'idle';
  private lastEmitted = '';
  private readonly requestTimeoutMs: number;
  private readonly placeTimeoutMs: number;
  private closed = false;
  private heartbeatIntervalMs = 5_000;
  private readonly timer: StageTimer | undefined;

  constructor(
    private readonly config: ClobExchangeConfig,
    wallet: Wallet | undefined,
    private readonly creds: ApiKeyCreds | undefined,
    private readonly log: Logger,
  ) {
    configureClientTransport();
    if (!fastHmac && wallet) {
      log.warn(
        'the official client signs its request headers through WebCrypto here (same headers, slower)',
      );
    }
    this.readOnly = wallet === undefined;
    this.timer = config.stageTimer;
    this.signerAddress = wallet?.address;
    this.makerAddress = wallet ? (config.funderAddress ?? wallet.address) : undefined;
    this.requestTimeoutMs = config.requestTimeoutMs ?? 10_000;
    this.placeTimeoutMs = config.placeTimeoutMs ?? 10_000;
    this.signer = wallet && toClobSigner(wallet);
    this.gamma = new GammaClient({
      gammaUrl: config.gammaUrl ?? LIVE_GAMMA_URL,
      logger: log,
      ...optional('timeoutMs', config.gammaTimeoutMs),
    });
    this.gammaUrl = this.gamma.gammaUrl;
    this.redeemVia = config.paperExchange ? 'paper-exchange' : 'not-submitted';
    this.identity = {
      apiKey: creds?.key,
      addresses: [this.signerAddress, this.makerAddress].filter((a): a is string => !!a),
    };
    // retryOnError stays off: a retried POST /order can place a second order (V2.13 #4).
    this.client = new ClobClient({
      host: config.restUrl,
      chain: config.chainId,
      ...(wallet && { signer: toClobSigner(wallet, config.stageTimer) }),
      ...(creds && { creds }),
      ...(config.signatureType !== undefined && { signatureType: config.signatureType }),
      ...(config.funderAddress !== undefined && { funderAddress: config.funderAddress }),
      retryOnError: false,
      throwOnError: false,
      ...(config.useServerTime !== undefined && { useServerTime: config.useServerTime }),
    });
    answerPlacementsAtOnce(this.client);
    this.limiter = new RateLimiter(config.rateLimits);
    this.marketStream = new MarketStream({
      wsUrl: config.wsUrl,
      fetchBook: (tokenId) => this.fetchRestBook(tokenId),
      logger: log,
      ...optional('pollIntervalMs', config.pollIntervalMs),
      ...optional('stallCheckIntervalMs', config.stallCheckIntervalMs),
      ...optional('stallGraceMs', config.stallGraceMs),
      ...optional('snapshotTimeoutMs', config.snapshotTimeoutMs),
      ...optional('maxAssetsPerConnection', config.maxAssetsPerConnection),
      ...optional('verifyHashes', config.verifyBookHashes),
      ...optional('pingIntervalMs', config.pingIntervalMs),
      ...optional('pongTimeoutMs', config.pongTimeoutMs),
      ...optional('backoffInitialMs', config.backoffInitialMs),
      ...optional('backoffMaxMs', config.backoffMaxMs),
      ...optional('stageTimer', config.stageTimer),
      onTickSize: (tokenId, tick) => this.onTickSize(tokenId, tick),
      onSummary: (state) => {
        this.marketState = state;
        this.emitState();
      },
    });
    this.heartbeat = new Heartbeat({
      send: (id) => this.sendHeartbeat(id),
      logger: log,
      onState: () => this.emitState(),
    });
    log.info(
      {
        restUrl: config.restUrl,
        chainId: config.chainId,
        readOnly: this.readOnly,
        maker: this.makerAddress,
      },
      'exchange adapter created',
    );
  }

  // ── markets ────────────────────────────────────────────────────────────────

  async listMarkets(): Promise<MarketSummary[]> {
    const markets: MarketSummary[] = [];
    let cursor = 'MA==';
    for (let page = 0; page < MAX_PAGES && cursor !== END_CURSOR; page++) {
      const reply = await this.call('GET /markets', () => this.client.getMarkets(cursor));
      const body = this.expect('GET /markets', reply, MarketsPageSchema);
      for (const raw of body.data) {
        const parsed = MarketSchema.safeParse(raw);
        if (!parsed.success) {
          this.log.warn('listMarkets: malformed market skipped');
          continue;
        }
        const summary = this.toSummary(parsed.data);
        if (summary) markets.push(summary);
      }
      if (!body.next_cursor || body.next_cursor === cursor) break;
      cursor = body.next_cursor;
    }
    return markets;
  }

  // ── market context (Gamma) and redemption ──────────────────────────────────

  listEvents(filter?: GammaListFilter): Promise<GammaLookup<GammaEventList>> {
    this.assertOpen();
    return this.gamma.listEvents(filter);
  }

  getEvent(idOrSlug: string): Promise<GammaLookup<EventInfo | null>> {
    this.assertOpen();
    return this.gamma.getEvent(idOrSlug);
  }

  async redeem(conditionId: string): Promise<RedeemOutcome> {
    this.assertOpen();
    if (this.redeemVia === 'not-submitted') throw new RedeemNotSubmittedError();
    this.assertTrading();
    const signer = this.signer;
    const creds = this.creds;
    if (!signer || !creds) throw new PolydeskError('READ_ONLY', 'no API credentials');
    const outcome = await paperRedeem({
      restUrl: this.config.restUrl,
      signer,
      creds,
      conditionId,
      timeoutMs: this.requestTimeoutMs,
    });
    this.log.info(
      { conditionId, payoutMicros: outcome.payoutMicros, burned: outcome.burned.length },
      'positions redeemed on the paper exchange',
    );
    return outcome;
  }

  async getMarket(conditionId: string): Promise<MarketInfo> {
    const marketReply = await this.call('GET /markets/', () => this.client.getMarket(conditionId));
    const market = this.toSummary(this.expect('GET /markets/', marketReply, MarketSchema));
    if (!market)
      throw new PolydeskError(
        'EXCHANGE_UNAVAILABLE',
        `market ${conditionId} has an unknown tick size`,
      );
    const infoReply = await this.call('GET /clob-markets/', () =>
      this.client.getClobMarketInfo(conditionId),
    );
    const info = this.expect('GET /clob-markets/', infoReply, ClobMarketInfoSchema);
    const tickSize = this.parseTick(info.mts);
    const negRisk = info.nr ?? false;
    for (const token of market.tokens) {
      this.rememberToken(token.tokenId, conditionId, tickSize, negRisk);
    }
    return this.decode('GET /clob-markets/', () => ({
      ...market,
      tickSize,
      tickMicros: decimalToMicros(tickSize),
      negRisk,
      minOrderSizeMicros: info.mos !== undefined ? toMicros(info.mos) : market.minOrderSizeMicros,
      fees: {
        ratePpm: info.fd?.r !== undefined ? toMicros(info.fd.r) : 0,
        exponent: info.fd?.e ?? 0,
        takerOnly: info.fd?.to ?? true,
      },
    }));
  }

  private toSummary(market: WireMarket): MarketSummary | undefined {
    let tickSize: TickSize;
    let minOrderSizeMicros: number;
    try {
      tickSize = parseTickSize(market.minimum_tick_size);
      minOrderSizeMicros = toMicros(market.minimum_order_size);
    } catch {
      this.log.warn({ conditionId: market.condition_id }, 'unreadable market skipped');
      return undefined;
    }
    return {
      conditionId: market.condition_id,
      question: market.question,
      slug: market.market_slug,
      tokens: market.tokens.map((t) => ({ tokenId: t.token_id, outcome: t.outcome })),
      tickSize,
      tickMicros: decimalToMicros(tickSize),
      minOrderSizeMicros,
      negRisk: market.neg_risk,
      active: market.active,
      closed: market.closed,
      acceptingOrders: market.accepting_orders,
    };
  }

  // ── books ──────────────────────────────────────────────────────────────────

  async getBook(tokenId: string): Promise<BookSnapshot> {
    const rest = await this.fetchRestBook(tokenId);
    const book = new LocalBook(tokenId);
    const now = Date.now();
    this.decode('GET /book', () =>
      book.applySnapshot(
        {
          market: rest.market,
          timestamp: rest.timestamp,
          hash: rest.hash,
          bids: rest.bids,
          asks: rest.asks,
          minOrderSize: rest.min_order_size,
          tickSize: rest.tick_size,
          negRisk: rest.neg_risk,
          lastTradePrice: rest.last_trade_price,
        },
        'rest',
        now,
      ),
    );
    return book.snapshot(now);
  }

  subscribeBook(tokenId: string, listener: BookListener): BookSubscription {
    this.assertOpen();
    return this.marketStream.subscribe(tokenId, listener);
  }

  private async fetchRestBook(tokenId: string): Promise<RestBook> {
    const reply = await this.call('GET /book', () => this.client.getOrderBook(tokenId));
    const book = this.expect('GET /book', reply, RestBookSchema);
    try {
      this.rememberToken(tokenId, book.market, parseTickSize(book.tick_size), book.neg_risk);
    } catch {
      this.log.warn({ tokenId, tick: book.tick_size }, 'book with an unknown tick size');
    }
    return book;
  }

  private onTickSize(tokenId: string, tick: string): void {
    try {
      this.rememberToken(tokenId, this.conditionOf.get(tokenId), parseTickSize(tick), undefined);
    } catch {
      this.ticks.delete(tokenId);
      this.log.warn({ tokenId, tick }, 'unknown new tick size: will fetch before the next order');
    }
  }

  /** Our caches and the client's tick cache, which never expires by itself (V2.13 #2). */
  private rememberToken(
    tokenId: string,
    conditionId: string | undefined,
    tick: TickSize,
    negRisk: boolean | undefined,
  ): void {
    const previous = this.ticks.get(tokenId);
    this.ticks.set(tokenId, tick);
    this.client.tickSizes[tokenId] = tick;
    if (negRisk !== undefined) this.negRisk.set(tokenId, negRisk);
    if (conditionId) this.conditionOf.set(tokenId, conditionId);
    if (previous !== undefined && previous !== tick) {
      this.log.info({ tokenId, from: previous, to: tick }, 'tick size updated');
    }
  }

  // ── orders ─────────────────────────────────────────────────────────────────

  async prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    this.timer?.mark('prepare-start');
    this.assertOpen();
    this.assertTrading();
    if (!this.ticks.has(request.tokenId) || !this.negRisk.has(request.tokenId)) {
      await this.fetchRestBook(request.tokenId);
    }
    const tickSize = this.ticks.get(request.tokenId);
    const negRisk = this.negRisk.get(request.tokenId);
    if (tickSize === undefined || negRisk === undefined) {
      throw new PolydeskError(
        'EXCHANGE_UNAVAILABLE',
        `no tick size known for token ${request.tokenId}`,
      );
    }
    validateRequest(request, tickSize);
    let signed: SignedOrder;
    try {
      signed = await this.client.createOrder(
        {
          tokenID: request.tokenId,
          price: microsToFloat(request.priceMicros),
          size: microsToFloat(request.sizeMicros),
          side: request.side === 'BUY' ? ClobSide.BUY : ClobSide.SELL,
          ...(request.expiresAtSec !== undefined && { expiration: request.expiresAtSec }),
        },
        { tickSize, negRisk, version: 2 },
      );
    } catch (err) {
      throw new PolydeskError('BAD_REQUEST', `order not signed: ${errorMessage(err)}`);
    }
    // The client computes amounts in floats: refuse to send anything but the exact request.
    const expected = expectedAmounts(request);
    if (
      BigInt(signed.makerAmount) !== expected.maker ||
      BigInt(signed.takerAmount) !== expected.taker
    ) {
      throw new PolydeskError(
        'INTERNAL',
        `signed amounts ${signed.makerAmount}/${signed.takerAmount} differ from the request ${expected.maker}/${expected.taker}`,
      );
    }
    const problem = marketOrderProblem(
      request.timeInForce,
      request.side,
      Number(expected.maker),
      Number(expected.taker),
    );
    if (problem) throw new PolydeskError('BAD_REQUEST', problem);
    const orderId = orderIdOf(signed, this.config.chainId, negRisk);
    const prepared: PreparedOrder = Object.freeze({
      orderId,
      request: Object.freeze({ ...request }),
      conditionId: this.conditionOf.get(request.tokenId),
      tickSize,
      negRisk,
      makerAmountMicros: Number(expected.maker),
      takerAmountMicros: Number(expected.taker),
      preparedAtMs: Date.now(),
    });
    this.signedOrders.set(prepared, signed);
    this.log.info(
      {
        orderId,
        tokenId: request.tokenId,
        side: request.side,
        priceMicros: request.priceMicros,
        sizeMicros: request.sizeMicros,
        tif: request.timeInForce,
        postOnly: request.postOnly ?? false,
      },
      'order prepared',
    );
    this.timer?.mark('order-prepared');
    return prepared;
  }

  async submitPrepared(order: PreparedOrder): Promise<PlaceResult> {
    this.assertOpen();
    this.assertTrading();
    const signed = this.signedOrders.get(order);
    if (!signed) throw new PolydeskError('BAD_REQUEST', 'order was not prepared by this exchange');
    if (this.submitted.has(order)) {
      // Posting is not idempotent (lessons §1.12): a second POST needs reconciliation first.
      throw new PolydeskError('CONFLICT', `order ${order.orderId} was already submitted`);
    }
    this.submitted.add(order);
    const { request } = order;
    await this.limiter.acquire('POST /order');
    this.timer?.mark('post-sent');
    let result: PlaceResult;
    try {
      const reply: unknown = await withTimeout(
        this.client.postOrder(
          signed,
          OrderType[request.timeInForce],
          request.postOnly ?? false,
          false,
        ),
        this.placeTimeoutMs,
        'POST /order',
      );
      this.timer?.mark('post-answered');
      result = toPlaceResult(order.orderId, request.side, reply);
    } catch (err) {
      result = {
        kind: 'unknown',
        orderId: order.orderId,
        reason: errorMessage(err),
        httpStatus: undefined,
      };
    }
    this.setRest(
      result.kind === 'unknown' && !isProvenRefusal(result.httpStatus) ? 'degraded' : 'ok',
    );
    if (result.kind === 'accepted') {
      if (result.orderId !== order.orderId) {
        this.log.error(
          { orderId: order.orderId, exchangeOrderId: result.orderId },
          'exchange order id differs from the prepared id',
        );
      }
      this.log.info(
        {
          orderId: result.orderId,
          status: result.status,
          filledMicros: result.immediateFill.sizeMicros,
          tradeIds: result.tradeIds,
        },
        'order accepted',
      );
    } else if (result.kind === 'rejected') {
      // Refused unprocessed: never re-sent here; the caller places anew once the bucket refilled.
      if (result.httpStatus === 429) this.limiter.backOff('POST /order');
      // Our tick cache may be behind a change we did not hear of: fetch it again next time.
      if (/tick size/i.test(result.message)) this.ticks.delete(request.tokenId);
      this.log.warn(
        { orderId: order.orderId, httpStatus: result.httpStatus, message: result.message },
        'order rejected',
      );
    } else {
      this.log.warn(
        { orderId: order.orderId, httpStatus: result.httpStatus, reason: result.reason },
        'order outcome unknown',
      );
    }
    return result;
  }

  async cancelOrder(orderId: string): Promise<CancelResult> {
    this.assertTrading();
    const reply = await this.call('DELETE /order', () =>
      this.client.cancelOrder({ orderID: orderId }),
    );
    return this.cancelResult('DELETE /order', reply, [orderId]);
  }

  async cancelOrders(orderIds: string[]): Promise<CancelResult> {
    this.assertTrading();
    const merged: CancelResult = { canceled: [], notCanceled: {} };
    for (let i = 0; i < orderIds.length; i += CANCEL_CHUNK) {
      const chunk = orderIds.slice(i, i + CANCEL_CHUNK);
      const reply = await this.call(
        'DELETE /orders',
        () => this.client.cancelOrders(chunk),
        this.requestTimeoutMs,
        chunk.length,
      );
      const result = this.cancelResult('DELETE /orders', reply, chunk);
      merged.canceled.push(...result.canceled);
      Object.assign(merged.notCanceled, result.notCanceled);
    }
    return merged;
  }

  async cancelAll(): Promise<CancelResult> {
    this.assertTrading();
    const reply = await this.call('DELETE /cancel-all', () => this.client.cancelAll());
    const result = this.cancelResult('DELETE /cancel-all', reply, []);
    this.limiter.charge('DELETE /cancel-all', result.canceled.length);
    return result;
  }

  async cancelMarket(filter: { conditionId?: string; tokenId?: string }): Promise<CancelResult> {
    this.assertTrading();
    const reply = await this.call('DELETE /cancel-market-orders', () =>
      this.client.cancelMarketOrders({
        ...(filter.conditionId !== undefined && { market: filter.conditionId }),
        ...(filter.tokenId !== undefined && { asset_id: filter.tokenId }),
      }),
    );
    const result = this.cancelResult('DELETE /cancel-market-orders', reply, []);
    this.limiter.charge('DELETE /cancel-market-orders', result.canceled.length);
    return result;
  }

  private cancelResult(endpoint: string, reply: unknown, requested: string[]): CancelResult {
    const body = this.expect(endpoint, reply, CancelReplySchema);
    const notCanceled: Record<string, string> = {};
    for (const [id, reason] of Object.entries(body.not_canceled ?? {})) {
      notCanceled[id] = typeof reason === 'string' ? reason : JSON.stringify(reason);
    }
    const result = { canceled: body.canceled ?? [], notCanceled };
    this.log.info(
      { endpoint, requested, canceled: result.canceled, notCanceled: result.notCanceled },
      'cancel answered',
    );
    return result;
  }

  async getOrder(orderId: string): Promise<ExchangeOrder | null> {
    this.assertTrading();
    const reply: unknown = await this.call('GET /data/order', () => this.client.getOrder(orderId));
    const failure = clobFailure(reply);
    if (failure?.httpStatus === 404) return null;
    if (
      reply === null ||
      reply === undefined ||
      reply === '' ||
      (isRecord(reply) && !('id' in reply) && !failure)
    ) {
      return null;
    }
    const order = this.expect('GET /data/order', reply, OpenOrderSchema);
    return this.decode('GET /data/order', () => toExchangeOrder(order));
  }

  async getOpenOrders(
    filter: { conditionId?: string; tokenId?: string } = {},
  ): Promise<ExchangeOrder[]> {
    this.assertTrading();
    // The paginated helper throws a TypeError on an error page; call() maps it to a typed error.
    const reply: unknown = await this.call('GET /data/orders', () =>
      this.client.getOpenOrders({
        ...(filter.conditionId !== undefined && { market: filter.conditionId }),
        ...(filter.tokenId !== undefined && { asset_id: filter.tokenId }),
      }),
    );
    if (!Array.isArray(reply)) {
      const orders = this.expectArray('GET /data/orders', reply, OpenOrderSchema);
      return this.decode('GET /data/orders', () => orders.map(toExchangeOrder));
    }
    const orders = this.parseEach('GET /data/orders', reply, OpenOrderSchema);
    return this.decode('GET /data/orders', () => orders.map(toExchangeOrder));
  }

  async getFills(filter: TradeFilter = {}): Promise<Fill[]> {
    this.assertTrading();
    const params = {
      ...(filter.tradeId !== undefined && { id: filter.tradeId }),
      ...(filter.conditionId !== undefined && { market: filter.conditionId }),
      ...(filter.tokenId !== undefined && { asset_id: filter.tokenId }),
      ...(filter.afterSec !== undefined && { after: String(filter.afterSec) }),
      ...(filter.beforeSec !== undefined && { before: String(filter.beforeSec) }),
    };
    const fills: Fill[] = [];
    let cursor = 'MA==';
    for (let page = 0; page < MAX_PAGES && cursor !== END_CURSOR; page++) {
      const reply = await this.call('GET /data/trades', () =>
        this.client.getTradesPaginated(params, cursor),
      );
      const body = this.expect('GET /data/trades', reply, TradesPageSchema);
      for (const trade of this.parseEach('GET /data/trades', body.trades, TradeSchema)) {
        fills.push(...this.decode('GET /data/trades', () => tradeToFills(trade, this.identity)));
      }
      if (!body.next_cursor || body.next_cursor === cursor) break;
      cursor = body.next_cursor;
    }
    return fills;
  }

  // ── balances ───────────────────────────────────────────────────────────────

  async getCollateralBalance(): Promise<Balance> {
    this.assertTrading();
    return this.balance({ asset_type: AssetType.COLLATERAL });
  }

  async getConditionalBalance(tokenId: string): Promise<Balance> {
    this.assertTrading();
    return this.balance({ asset_type: AssetType.CONDITIONAL, token_id: tokenId });
  }

  async refreshBalance(tokenId?: string): Promise<void> {
    this.assertTrading();
    const params =
      tokenId === undefined
        ? { asset_type: AssetType.COLLATERAL }
        : { asset_type: AssetType.CONDITIONAL, token_id: tokenId };
    const reply: unknown = await this.call('GET /balance-allowance/update', () =>
      this.client.updateBalanceAllowance(params),
    );
    const failure = clobFailure(reply);
    if (failure) this.throwFailure('GET /balance-allowance/update', failure);
  }

  private async balance(params: { asset_type: AssetType; token_id?: string }): Promise<Balance> {
    const reply = await this.call('GET /balance-allowance', () =>
      this.client.getBalanceAllowance(params),
    );
    const body = this.expect('GET /balance-allowance', reply, BalanceSchema);
    let balanceMicros: number;
    try {
      // Base units of a 6-decimals token, i.e. already micros.
      balanceMicros = Number(BigInt(body.balance));
    } catch {
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', `malformed balance "${body.balance}"`);
    }
    const allowances =
      body.allowances ?? (body.allowance !== undefined ? { '*': body.allowance } : {});
    return { balanceMicros, allowances };
  }

  // ── heartbeat, user events, state ──────────────────────────────────────────

  startHeartbeat(options: HeartbeatOptions = {}): void {
    this.assertOpen();
    this.assertTrading();
    this.heartbeatIntervalMs = options.intervalMs ?? 5_000;
    this.heartbeat.start(this.heartbeatIntervalMs);
  }

  stopHeartbeat(): void {
    this.heartbeat.stop();
  }

  private async sendHeartbeat(id: string): Promise<HeartbeatReply> {
    // A beat slower than the cadence is as good as missed (floor of 1 s for tiny cadences).
    const reply: unknown = await this.call(
      'POST /v1/heartbeats',
      () => this.client.postHeartbeat(id),
      Math.max(1_000, Math.min(this.requestTimeoutMs, this.heartbeatIntervalMs)),
    );
    const failure = clobFailure(reply);
    if (failure) {
      const error = isRecord(reply) ? reply.error : undefined;
      const expected =
        isRecord(error) && typeof error.heartbeat_id === 'string'
          ? error.heartbeat_id
          : isRecord(reply) && typeof reply.heartbeat_id === 'string'
            ? reply.heartbeat_id
            : undefined;
      return { ok: false, message: failure.message, expectedId: expected };
    }
    const parsed = HeartbeatReplySchema.safeParse(reply);
    if (!parsed.success)
      return { ok: false, message: 'malformed heartbeat reply', expectedId: undefined };
    return { ok: true, nextId: parsed.data.heartbeat_id };
  }

  subscribeUserEvents(listener: UserEventListener, conditionIds: string[] = []): () => void {
    this.assertOpen();
    this.assertTrading();
    const creds = this.creds;
    if (!creds) throw new PolydeskError('READ_ONLY', 'no API credentials');
    const stream = new UserStream({
      wsUrl: this.config.wsUrl,
      creds,
      markets: conditionIds,
      identity: this.identity,
      listener,
      logger: this.log,
      ...optional('pingIntervalMs', this.config.pingIntervalMs),
      ...optional('pongTimeoutMs', this.config.pongTimeoutMs),
      ...optional('backoffInitialMs', this.config.backoffInitialMs),
      ...optional('backoffMaxMs', this.config.backoffMaxMs),
      onStateChange: () => this.emitState(),
    });
    this.userStreams.add(stream);
    stream.start();
    this.emitState();
    return () => {
      stream.close();
      this.userStreams.delete(stream);
      this.emitState();
    };
  }

  connectionState(): ConnectionState {
    let user: StreamState | 'idle' = 'idle';
    const rank: Record<StreamState, number> = {
      live: 0,
      connecting: 1,
      resyncing: 2,
      polling: 3,
      stalled: 4,
      down: 5,
    };
    for (const stream of this.userStreams) {
      const state = stream.currentState;
      if (user === 'idle' || rank[state] > rank[user]) user = state;
    }
    const heartbeat: HeartbeatState = this.heartbeat.currentState;
    return { rest: this.restState, marketStream: this.marketState, userStream: user, heartbeat };
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat.stop();
    this.marketStream.close();
    for (const stream of this.userStreams) stream.close();
    this.userStreams.clear();
    this.stateListeners.clear();
    this.log.info('exchange adapter closed');
    return Promise.resolve();
  }

  // ── plumbing ───────────────────────────────────────────────────────────────

  private emitState(): void {
    const state = this.connectionState();
    const key = JSON.stringify(state);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    for (const listener of this.stateListeners) {
      try {
        listener(state);
      } catch {
        // Listeners must not break the adapter.
      }
    }
  }

  private setRest(state: 'ok' | 'degraded'): void {
    if (state === this.restState) return;
    this.restState = state;
    this.emitState();
  }

  /**
   * One REST call: a token of the endpoint's bucket, a timeout, and exceptions (the client's
   * TypeErrors on error pages, network failures) turned into EXCHANGE_UNAVAILABLE.
   */
  private async call<T>(
    endpoint: string,
    fn: () => Promise<T>,
    timeoutMs = this.requestTimeoutMs,
    orders = 1,
  ): Promise<T> {
    this.assertOpen();
    await this.limiter.acquire(endpoint, orders);
    try {
      const reply = await withTimeout(fn(), timeoutMs, endpoint);
      const failure = clobFailure(reply);
      if (failure?.httpStatus === 429) this.limiter.backOff(endpoint);
      this.setRest(failure && !isProvenRefusal(failure.httpStatus) ? 'degraded' : 'ok');
      return reply;
    } catch (err) {
      this.setRest('degraded');
      if (err instanceof PolydeskError) throw err;
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', `${endpoint}: ${errorMessage(err)}`);
    }
  }

  /** A reply that must be a body of this shape; `{error,status}` objects become typed errors. */
  private expect<S extends z.ZodType>(endpoint: string, reply: unknown, schema: S): z.infer<S> {
    const failure = clobFailure(reply);
    if (failure) this.throwFailure(endpoint, failure);
    const parsed = schema.safeParse(reply);
    if (!parsed.success) {
      throw new PolydeskError(
        'EXCHANGE_UNAVAILABLE',
        `${endpoint}: malformed reply (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
    }
    return parsed.data;
  }

  private expectArray<S extends z.ZodType>(
    endpoint: string,
    reply: unknown,
    schema: S,
  ): Array<z.infer<S>> {
    const failure = clobFailure(reply);
    if (failure) this.throwFailure(endpoint, failure);
    if (!Array.isArray(reply))
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', `${endpoint}: expected a list`);
    return this.parseEach(endpoint, reply, schema);
  }

  /** Every entry must parse: a reconciliation that silently skipped one would be wrong. */
  private parseEach<S extends z.ZodType>(
    endpoint: string,
    items: unknown[],
    schema: S,
  ): Array<z.infer<S>> {
    return items.map((item) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        throw new PolydeskError(
          'EXCHANGE_UNAVAILABLE',
          `${endpoint}: malformed entry (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        );
      }
      return parsed.data;
    });
  }

  /** Mapping a parsed reply to port types can still meet an unreadable value: a bad reply. */
  private decode<T>(endpoint: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw new PolydeskError(
        'EXCHANGE_UNAVAILABLE',
        `${endpoint}: unreadable value (${errorMessage(err)})`,
      );
    }
  }

  private throwFailure(
    endpoint: string,
    failure: { message: string; httpStatus: number | undefined },
  ): never {
    if (failure.httpStatus === 404)
      throw new PolydeskError('NOT_FOUND', `${endpoint}: ${failure.message}`);
    if (isProvenRefusal(failure.httpStatus)) {
      throw new PolydeskError('EXCHANGE_REJECTED', `${endpoint}: ${failure.message}`);
    }
    throw new PolydeskError('EXCHANGE_UNAVAILABLE', `${endpoint}: ${failure.message}`);
  }

  private parseTick(value: string | number): TickSize {
    try {
      return parseTickSize(value);
    } catch {
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', `unknown tick size ${String(value)}`);
    }
  }

  private assertTrading(): void {
    if (this.readOnly || !this.creds) {
      throw new PolydeskError('READ_ONLY', 'read-only exchange: no private key configured');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new PolydeskError('SHUTTING_DOWN', 'exchange adapter closed');
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Resolves or rejects with the promise, or rejects after ms; the underlying request is not aborted. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
