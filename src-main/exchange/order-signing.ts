import { getContractConfig, isV2Order, type SignedOrder } from './official-client';
import { TypedDataEncoder } from 'ethers';
import { PolydeskError } from '@shared/errors';
import type { OrderRequest, TickSize } from './exchange-port';
import { decimalToMicros } from './units';
import { bytesToHex, ORDER_V2_FIELDS, orderDigest } from '@shared/protocol/order-digest';

/** The V2 Order struct (doc V2.4), field order as signed. */
const ORDER_V2_TYPES = { Order: [...ORDER_V2_FIELDS] };

/** Size grid of the exchange: 2 decimals of a share. */
export const SIZE_STEP_MICROS = 10_000;

/**
 * The order id: the EIP-712 digest of the signed V2 order under the exchange's domain (normal or
 * neg-risk exchange), computable before the order is sent (lessons §1.2). The direct digest of the
 * signer answers; ethers' encoder only for values that digest does not take plainly.
 */
export function orderIdOf(signed: SignedOrder, chainId: number, negRisk: boolean): string {
  if (!isV2Order(signed)) throw new PolydeskError('INTERNAL', 'expected a V2 order');
  const contracts = getContractConfig(chainId);
  const domain = {
    name: 'Polymarket CTF Exchange',
    version: '2',
    chainId,
    verifyingContract: negRisk ? contracts.negRiskExchangeV2 : contracts.exchangeV2,
  };
  const message = {
    salt: signed.salt,
    maker: signed.maker,
    signer: signed.signer,
    tokenId: signed.tokenId,
    makerAmount: signed.makerAmount,
    takerAmount: signed.takerAmount,
    side: String(signed.side).toUpperCase() === 'BUY' ? 0 : 1,
    signatureType: signed.signatureType,
    timestamp: signed.timestamp,
    metadata: signed.metadata,
    builder: signed.builder,
  };
  const fast = orderDigest(domain, message);
  return fast === null ? TypedDataEncoder.hash(domain, ORDER_V2_TYPES, message) : bytesToHex(fast);
}

/** Maker/taker amounts the exchange must see for this request, exactly (6-dp base units). */
export function expectedAmounts(request: OrderRequest): { maker: bigint; taker: bigint } {
  const size = BigInt(request.sizeMicros);
  const notional = (size * BigInt(request.priceMicros)) / 1_000_000n;
  return request.side === 'BUY'
    ? { maker: notional, taker: size }
    : { maker: size, taker: notional };
}

/** Caller errors caught before anything is signed. */
export function validateRequest(request: OrderRequest, tick: TickSize): void {
  const tickMicros = decimalToMicros(tick);
  const bad = (message: string): never => {
    throw new PolydeskError('BAD_REQUEST', message);
  };
  if (!Number.isSafeInteger(request.priceMicros)) bad('price must be an integer number of micros');
  if (!Number.isSafeInteger(request.sizeMicros) || request.sizeMicros <= 0) {
    bad('size must be a positive integer number of micro-shares');
  }
  if (request.sizeMicros % SIZE_STEP_MICROS !== 0) bad('size must be a multiple of 0.01 share');
  if (request.priceMicros % tickMicros !== 0) bad(`price is off the ${tick} tick grid`);
  if (request.priceMicros < tickMicros || request.priceMicros > 1_000_000 - tickMicros) {
    bad(`price must be within [${tick}, 1 - ${tick}]`);
  }
  if (request.side !== 'BUY' && request.side !== 'SELL') bad('side must be BUY or SELL');
  const tif = request.timeInForce;
  if (!['GTC', 'GTD', 'FOK', 'FAK'].includes(tif)) bad('unknown time in force');
  if (tif === 'GTD' && !request.expiresAtSec) bad('GTD needs expiresAtSec');
  if (tif !== 'GTD' && request.expiresAtSec) bad('only GTD orders carry an expiry');
  if (request.postOnly && tif !== 'GTC' && tif !== 'GTD') bad('postOnly is only for GTC and GTD');
}
