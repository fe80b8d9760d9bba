import { describe, expect, it } from 'vitest';
import {
  normalizeOrderStatus,
  normalizeTradeStatus,
  parseTickSize,
  toPlaceResult,
  tradeToFills,
} from './normalize';
import { TradeSchema } from './wire-schemas';

const ME = { apiKey: 'my-key', addresses: ['0xAbC0000000000000000000000000000000000001'] };
const YES = '111';
const NO = '222';

function trade(overrides: Record<string, unknown>) {
  return TradeSchema.parse({
    id: 't-1',
    taker_order_id: '0xtaker',
    market: '0xmarket',
    asset_id: YES,
    side: 'BUY',
    size: '30',
    fee_rate_bps: '0',
    price: '0.60',
    status: 'MATCHED',
    match_time: '1700000000',
    last_update: '1700000001',
    outcome: 'Yes',
    bucket_index: 0,
    owner: 'someone-else',
    maker_address: '0x9999999999999999999999999999999999999999',
    maker_orders: [
      {
        order_id: '0xm1',
        owner: 'other',
        maker_address: '0x1',
        matched_amount: '10',
        price: '0.55',
        asset_id: YES,
        outcome: 'Yes',
      },
      {
        order_id: '0xm2',
        owner: 'my-key',
        maker_address: '0xabc0000000000000000000000000000000000001',
        matched_amount: '20',
        price: '0.42',
        asset_id: NO,
        outcome: 'No',
      },
    ],
    transaction_hash: '0xhash',
    trader_side: 'MAKER',
    ...overrides,
  });
}

describe('tradeToFills', () => {
  it('reads our maker fill from maker_orders, not from the trade fields', () => {
    const fills = tradeToFills(trade({}), ME);
    expect(fills).toEqual([
      expect.objectContaining({
        fillKey: 't-1:0xm2',
        orderId: '0xm2',
        role: 'MAKER',
        tokenId: NO,
        // A BUY NO maker against a BUY YES taker: a MINT match.
        side: 'BUY',
        priceMicros: 420_000,
        sizeMicros: 20_000_000,
        status: 'MATCHED',
        final: false,
        transactionHash: '0xhash',
      }),
    ]);
  });

  it('prices a taker fill at the makers, in our token terms', () => {
    const fills = tradeToFills(trade({ owner: 'my-key', trader_side: 'TAKER' }), {
      apiKey: 'my-key',
      addresses: [],
    });
    const taker = fills.find((f) => f.role === 'TAKER');
    // 10 @ 0.55 YES and 20 @ (1 − 0.42) = 0.58 → (5.5 + 11.6) / 30 = 0.57.
    expect(taker).toMatchObject({
      orderId: '0xtaker',
      side: 'BUY',
      priceMicros: 570_000,
      sizeMicros: 30_000_000,
    });
    expect(fills).toHaveLength(2);
  });

  it('ignores trades that are not ours', () => {
    expect(tradeToFills(trade({}), { apiKey: 'nobody', addresses: [] })).toEqual([]);
  });

  it('normalises prefixed statuses and marks the final ones', () => {
    expect(tradeToFills(trade({ status: 'TRADE_STATUS_CONFIRMED' }), ME)[0]).toMatchObject({
      status: 'CONFIRMED',
      final: true,
    });
    expect(tradeToFills(trade({ status: 'failed' }), ME)[0]).toMatchObject({
      status: 'FAILED',
      final: true,
    });
    expect(normalizeTradeStatus('TRADE_STATUS_MATCHED_NOT_BROADCASTED')).toBe('MATCHED');
    expect(normalizeTradeStatus('RETRYING')).toBe('RETRYING');
  });
});

describe('normalizeOrderStatus', () => {
  it.each([
    ['live', 'LIVE'],
    ['ORDER_STATUS_MATCHED', 'MATCHED'],
    ['CANCELED_MARKET_RESOLVED', 'CANCELED_MARKET_RESOLVED'],
    ['CANCELED_EXPIRED', 'CANCELED'],
    ['what', 'UNKNOWN'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeOrderStatus(raw)).toBe(expected);
  });
});

describe('parseTickSize', () => {
  it('accepts numbers and padded strings of known ticks only', () => {
    expect(parseTickSize(0.01)).toBe('0.01');
    expect(parseTickSize('0.0050')).toBe('0.005');
    expect(parseTickSize(0.0025)).toBe('0.0025');
    expect(() => parseTickSize('0.02')).toThrow(RangeError);
  });
});

describe('toPlaceResult', () => {
  const id = '0xprepared';

  it('accepts live/matched/delayed with the immediate fill by side', () => {
    expect(
      toPlaceResult(id, 'BUY', {
        success: true,
        errorMsg: '',
        orderID: id,
        status: 'matched',
        takingAmount: '8.19672',
        makingAmount: '4.999999',
        transactionsHashes: ['0xt'],
        tradeIDs: ['tr'],
      }),
    ).toEqual({
      kind: 'accepted',
      orderId: id,
      status: 'matched',
      immediateFill: { sizeMicros: 8_196_720, usdcMicros: 4_999_999 },
      tradeIds: ['tr'],
      transactionHashes: ['0xt'],
    });
    expect(
      toPlaceResult(id, 'SELL', {
        success: true,
        errorMsg: '',
        orderID: id,
        status: 'live',
        takingAmount: '',
        makingAmount: '',
      }),
    ).toMatchObject({
      kind: 'accepted',
      status: 'live',
      immediateFill: { sizeMicros: 0, usdcMicros: 0 },
    });
  });

  it('takes delayed and unmatched as placements, and matched ids without hashes as matched', () => {
    for (const status of ['delayed', 'unmatched']) {
      expect(
        toPlaceResult(id, 'BUY', {
          success: true,
          errorMsg: '',
          orderID: id,
          status,
          takingAmount: '',
          makingAmount: '',
          transactionsHashes: [],
          tradeIDs: [],
        }),
      ).toMatchObject({ kind: 'accepted', status, immediateFill: { sizeMicros: 0 } });
    }
    expect(
      toPlaceResult(id, 'BUY', {
        success: true,
        errorMsg: '',
        orderID: id,
        status: 'matched',
        takingAmount: '5',
        makingAmount: '2.5',
        transactionsHashes: [],
        tradeIDs: ['tr'],
      }),
    ).toMatchObject({ kind: 'accepted', tradeIds: ['tr'], transactionHashes: [] });
  });

  it('rejects a 429 as a proven refusal, so that nothing re-sends it blindly', () => {
    expect(toPlaceResult(id, 'BUY', { error: 'Too Many Requests', status: 429 })).toMatchObject({
      kind: 'rejected',
      httpStatus: 429,
    });
  });

  it('rejects only on proof: 4xx, success:false, errorMsg', () => {
    expect(
      toPlaceResult(id, 'BUY', { error: 'not enough balance / allowance', status: 400 }),
    ).toEqual({
      kind: 'rejected',
      orderId: id,
      message: 'not enough balance / allowance',
      httpStatus: 400,
    });
    expect(toPlaceResult(id, 'BUY', { error: 'Too Many Requests', status: 429 })).toMatchObject({
      kind: 'rejected',
    });
    expect(
      toPlaceResult(id, 'BUY', { success: false, errorMsg: '', orderID: '', status: '' }),
    ).toMatchObject({
      kind: 'rejected',
    });
    expect(
      toPlaceResult(id, 'BUY', {
        success: true,
        errorMsg: 'invalid post-only order: order crosses book',
        status: '',
      }),
    ).toMatchObject({ kind: 'rejected', message: 'invalid post-only order: order crosses book' });
  });

  it('leaves the outcome unknown on network errors, 5xx, odd statuses and garbage', () => {
    expect(toPlaceResult(id, 'BUY', { error: 'socket hang up' })).toMatchObject({
      kind: 'unknown',
      httpStatus: undefined,
    });
    expect(toPlaceResult(id, 'BUY', { error: 'Internal server error', status: 500 })).toMatchObject(
      { kind: 'unknown' },
    );
    expect(toPlaceResult(id, 'BUY', { error: { code: 'x' }, status: 503 })).toMatchObject({
      kind: 'unknown',
    });
    expect(
      toPlaceResult(id, 'BUY', { success: true, errorMsg: '', status: 'paused' }),
    ).toMatchObject({ kind: 'unknown' });
    expect(toPlaceResult(id, 'BUY', 'hello')).toMatchObject({ kind: 'unknown' });
  });
});
