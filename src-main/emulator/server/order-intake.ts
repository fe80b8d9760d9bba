import { z } from 'zod';
import { divCeil, formatMicros, ONE } from '../engine/decimal.js';
import { COLLATERAL } from '../engine/ledger.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import {
  reportedHash,
  type OrderType,
  type PlaceInput,
  type PlaceResult,
} from '../engine/types.js';
import type { ProductionRules } from '../faults/production-rules.js';
import { drawLag } from '../faults/report-timing.js';
import {
  orderHashV2,
  recoverOrderSigner,
  type SignedOrderV2,
} from '../protocol/order-signature.js';
import { amountPrecisionError, marketMinimumError } from './amount-rules.js';
import type { HeldOrders } from './held-orders.js';

const uintString = z.string().regex(/^\d+$/);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);

const OrderV2Schema = z.object({
  salt: z.union([z.number().int().nonnegative(), uintString]),
  maker: address,
  signer: address,
  tokenId: uintString,
  makerAmount: uintString,
  takerAmount: uintString,
  side: z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(['BUY', 'SELL'])),
  signatureType: z.number().int().min(0).max(3),
  timestamp: uintString,
  expiration: uintString.optional(),
  metadata: bytes32,
  builder: bytes32,
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
});

const NewOrderSchema = z.object({
  order: z.record(z.string(), z.unknown()),
  owner: z.string(),
  orderType: z.enum(['GTC', 'GTD', 'FOK', 'FAK']).default('GTC'),
  postOnly: z.boolean().optional(),
  deferExec: z.boolean().optional(),
});

type OrderV2 = z.infer<typeof OrderV2Schema>;
type NewOrder = z.infer<typeof NewOrderSchema>;

const UINT = /^\d+$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const ORDER_TYPES: ReadonlySet<unknown> = new Set(['GTC', 'GTD', 'FOK', 'FAK']);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const uintText = (v: unknown): v is string => typeof v === 'string' && UINT.test(v);
const optionalBoolean = (v: unknown): v is boolean | undefined =>
  v === undefined || typeof v === 'boolean';

/**
 * The body as the schemas above would parse it, for the plain shape every client sends, without
 * zod's per-call cost; null for anything else, which then goes through the schemas (so errors and
 * edge cases stay theirs). Accepts a subset of what they accept, with the same output.
 */
function plainBody(body: unknown): { request: NewOrder; order: OrderV2 } | null {
  if (!isPlainRecord(body) || !isPlainRecord(body.order) || typeof body.owner !== 'string') {
    return null;
  }
  const orderType = body.orderType === undefined ? 'GTC' : body.orderType;
  if (!ORDER_TYPES.has(orderType) || !optionalBoolean(body.postOnly)) return null;
  if (!optionalBoolean(body.deferExec)) return null;
  const o = body.order;
  const side = typeof o.side === 'string' ? o.side.toUpperCase() : null;
  const salt = o.salt;
  if (
    !(uintText(salt) || (Number.isSafeInteger(salt) && (salt as number) >= 0)) ||
    typeof o.maker !== 'string' ||
    !ADDRESS.test(o.maker) ||
    typeof o.signer !== 'string' ||
    !ADDRESS.test(o.signer) ||
    !uintText(o.tokenId) ||
    !uintText(o.makerAmount) ||
    !uintText(o.takerAmount) ||
    (side !== 'BUY' && side !== 'SELL') ||
    !Number.isSafeInteger(o.signatureType) ||
    (o.signatureType as number) < 0 ||
    (o.signatureType as number) > 3 ||
    !uintText(o.timestamp) ||
    !(o.expiration === undefined || uintText(o.expiration)) ||
    typeof o.metadata !== 'string' ||
    !BYTES32.test(o.metadata) ||
    typeof o.builder !== 'string' ||
    !BYTES32.test(o.builder) ||
    typeof o.signature !== 'string' ||
    !HEX.test(o.signature)
  ) {
    return null;
  }
  return {
    request: {
      order: o,
      owner: body.owner,
      orderType: orderType as NewOrder['orderType'],
      ...(body.postOnly !== undefined && { postOnly: body.postOnly }),
      ...(body.deferExec !== undefined && { deferExec: body.deferExec }),
    },
    order: {
      salt: salt as string | number,
      maker: o.maker,
      signer: o.signer,
      tokenId: o.tokenId,
      makerAmount: o.makerAmount,
      takerAmount: o.takerAmount,
      side,
      signatureType: o.signatureType as number,
      timestamp: o.timestamp,
      ...(o.expiration !== undefined && { expiration: o.expiration }),
      metadata: o.metadata,
      builder: o.builder,
      signature: o.signature,
    },
  };
}

export interface OrderReply {
  success: boolean;
  errorMsg: string;
  orderID: string;
  status: string;
  takingAmount: string;
  makingAmount: string;
  transactionsHashes: string[];
  tradeIDs: string[];
}

export type IntakeResult =
  { ok: true; reply: OrderReply; orderId: string } | { ok: false; error: string };

export interface IntakeAuth {
  apiKey: string;
  /** Lower-case signer address of the API key. */
  address: string;
}

const V1_ONLY_KEYS = ['nonce', 'feeRateBps'];
const ZERO_ADDRESS = /^0x0{40}$/i;

/**
 * A V1 body: V1-only keys, no V2 `timestamp`, or a real `taker`. An empty or zero `taker` in an
 * otherwise V2 body is a third-party V2 client serializing the field V2 left unsigned: accepted.
 */
function isV1Body(raw: Record<string, unknown>): boolean {
  if (V1_ONLY_KEYS.some((k) => k in raw) || !('timestamp' in raw)) return true;
  if (!('taker' in raw)) return false;
  const taker = raw.taker;
  return !(
    taker === '' ||
    taker === null ||
    (typeof taker === 'string' && ZERO_ADDRESS.test(taker))
  );
}

export interface IntakeDeps {
  /** The production rules in force (read per order). */
  rules(): Readonly<ProductionRules>;
  /** Uniform draw in [0, 1) for the rules' rates. */
  draw(): number;
  /** Where `delayed` and `unmatched` orders wait. */
  held: HeldOrders;
}

/** Largest distance (micros) between the amounts' price and its grid point still read as on-grid. */
function gridTolerance(tickMicros: number, sharesMicros: bigint): number {
  const fromRounding = sharesMicros > 0n ? Number(100_000_000n / sharesMicros) + 1 : tickMicros;
  return Math.min(Math.floor(tickMicros / 10), fromRounding);
}

/**
 * Turns a POST /order body into an engine order: checks shape, version, owner, signer and signature,
 * derives price and size from the signed amounts, then places it.
 */
export class OrderIntake {
  constructor(
    private readonly engine: MatchingEngine,
    private readonly chainId: number,
    /** Called before the engine sees the order, so that events it emits can be routed to the signer; undone on refusal. */
    private readonly owners: {
      claim(orderId: string, signer: string, maker: string): boolean;
      release(orderId: string): void;
    },
    private readonly deps: IntakeDeps,
  ) {}

  submit(body: unknown, auth: IntakeAuth): IntakeResult {
    const plain = plainBody(body);
    let request: NewOrder;
    let order: OrderV2;
    if (plain && !isV1Body(plain.request.order)) {
      ({ request, order } = plain);
    } else {
      const parsed = NewOrderSchema.safeParse(body);
      if (!parsed.success) return { ok: false, error: 'Invalid order payload' };
      const raw = parsed.data.order;
      if (isV1Body(raw)) return { ok: false, error: 'order_version_mismatch' };
      const o = OrderV2Schema.safeParse(raw);
      if (!o.success) return { ok: false, error: 'Invalid order payload' };
      request = parsed.data;
      order = o.data;
    }
    if (request.owner !== auth.apiKey)
      return { ok: false, error: 'the order owner has to be the owner of the API KEY' };
    if (order.signer.toLowerCase() !== auth.address) {
      return { ok: false, error: 'the order signer address has to be the address of the API KEY' };
    }
    const ref = this.engine.token(order.tokenId);
    if (!ref) return { ok: false, error: 'Invalid token id' };
    const signed: SignedOrderV2 = {
      salt: BigInt(order.salt),
      maker: order.maker,
      signer: order.signer,
      tokenId: BigInt(order.tokenId),
      makerAmount: BigInt(order.makerAmount),
      takerAmount: BigInt(order.takerAmount),
      side: order.side === 'BUY' ? 0 : 1,
      signatureType: order.signatureType,
      timestamp: BigInt(order.timestamp),
      metadata: order.metadata,
      builder: order.builder,
      signature: order.signature,
    };
    const id = orderHashV2(signed, this.chainId, ref.market.negRisk);
    const recovered = recoverOrderSigner(signed, this.chainId, ref.market.negRisk, id);
    if (recovered === null || recovered.toLowerCase() !== auth.address)
      return { ok: false, error: 'invalid signature' };
    if (order.signatureType === 0 && order.maker.toLowerCase() !== auth.address)
      return { ok: false, error: 'invalid signature' };
    if (signed.makerAmount <= 0n || signed.takerAmount <= 0n) {
      return {
        ok: false,
        error: `order ${id} is invalid. Size (0) lower than the minimum: ${formatMicros(ref.market.minSizeMicros)}`,
      };
    }

    const buy = order.side === 'BUY';
    const shares = buy ? signed.takerAmount : signed.makerAmount;
    const collateral = buy ? signed.makerAmount : signed.takerAmount;
    const exact = Number((collateral * 1_000_000n * 2n + shares) / (shares * 2n));
    const tick = ref.market.tickMicros;
    const grid = Math.round(exact / tick) * tick;
    const price = Math.abs(exact - grid) <= gridTolerance(tick, shares) ? grid : exact;
    const orderType = request.orderType as OrderType;
    const rules = this.deps.rules();
    const amounts =
      rules.amountPrecision === 'polymarket'
        ? amountPrecisionError(order.side, orderType, signed.makerAmount, signed.takerAmount, tick)
        : null;
    if (amounts) return { ok: false, error: amounts };
    const minimum = marketMinimumError(
      order.side,
      orderType,
      signed.makerAmount,
      signed.takerAmount,
      BigInt(Math.round(rules.marketOrderMinUsdc * 1_000_000)),
    );
    if (minimum) return { ok: false, error: minimum };

    const market = orderType === 'FOK' || orderType === 'FAK';
    const input: PlaceInput = {
      id,
      account: order.maker,
      owner: auth.apiKey,
      tokenId: order.tokenId,
      side: order.side,
      priceMicros: price,
      sizeMicros: shares,
      orderType,
      postOnly: request.postOnly ?? false,
      expirationSec: Number(order.expiration ?? '0'),
      ...(buy && market && rules.marketBuyFill === 'by-amount' && { spendMicros: collateral }),
      hashAfterMined:
        rules.omitTransactionHashesRate > 0 && this.deps.draw() < rules.omitTransactionHashesRate,
    };
    const held = this.holdMarketable(input, rules, auth, order.maker.toLowerCase());
    if (held) return held;

    const claimed = this.owners.claim(id, auth.address, order.maker.toLowerCase());
    const result: PlaceResult = this.engine.place(input);
    if (!result.ok) {
      if (claimed) this.owners.release(id);
      return { ok: false, error: result.error };
    }
    const matched = result.status === 'matched';
    const hash = result.trade ? reportedHash(result.trade) : '';
    return {
      ok: true,
      orderId: id,
      reply: {
        success: true,
        errorMsg: '',
        orderID: id,
        status: result.status,
        takingAmount: matched ? formatMicros(result.takingMicros) : '',
        makingAmount: matched ? formatMicros(result.makingMicros) : '',
        transactionsHashes: hash ? [hash] : [],
        tradeIDs: result.trade ? [result.trade.id] : [],
      },
    };
  }

  /**
   * A marketable order that the rules answer `delayed` (matched after a delay) or `unmatched`
   * (accepted, never matched): checked like any order first, then held. Null: place it now.
   */
  private holdMarketable(
    input: PlaceInput,
    rules: Readonly<ProductionRules>,
    auth: IntakeAuth,
    maker: string,
  ): IntakeResult | null {
    const odds = rules.unmatchedRate + rules.delayedRate;
    if (odds <= 0 || input.postOnly) return null;
    if (!this.engine.wouldCross(input.tokenId, input.side, input.priceMicros)) return null;
    const roll = this.deps.draw();
    if (roll >= odds) return null;
    const refusal = this.engine.check(input) ?? this.balanceRefusal(input);
    if (refusal) return { ok: false, error: refusal };
    if (!this.owners.claim(input.id, auth.address, maker))
      return { ok: false, error: `order ${input.id} is invalid. Duplicated.` };
    const unmatched = roll < rules.unmatchedRate;
    if (unmatched) this.deps.held.unmatched(input);
    else
      this.deps.held.hold(
        input,
        drawLag(rules.delayedMs, () => this.deps.draw()),
      );
    return {
      ok: true,
      orderId: input.id,
      reply: { ...failedEntry(''), orderID: input.id, status: unmatched ? 'unmatched' : 'delayed' },
    };
  }

  /** What the balance check would say of an order now (fees left aside). */
  private balanceRefusal(input: PlaceInput): string | null {
    const account = input.account.toLowerCase();
    const ledger = this.engine.ledger;
    const enough =
      input.side === 'BUY'
        ? ledger.available(account, COLLATERAL) >=
          (input.spendMicros ?? divCeil(input.sizeMicros * BigInt(input.priceMicros), ONE))
        : ledger.available(account, input.tokenId) >= input.sizeMicros;
    return enough ? null : 'not enough balance / allowance';
  }
}

/** The per-order entry of a POST /orders reply for an order that was not placed (Polymarket keeps `success: true`). */
export function failedEntry(error: string): OrderReply {
  return {
    success: true,
    errorMsg: error,
    orderID: '',
    status: '',
    takingAmount: '',
    makingAmount: '',
    transactionsHashes: [],
    tradeIDs: [],
  };
}
