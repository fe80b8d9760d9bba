import type { LiveStatus } from '@shared/domain/live';
import { LiveStatusSchema } from '@shared/domain/live';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import { MarketListItemSchema, MarketSnapshotSchema } from '@shared/domain/market';
import type { Order } from '@shared/domain/order';
import { OrderSchema } from '@shared/domain/order';

export const YES_TOKEN = '1111111111';
export const NO_TOKEN = '2222222222';
export const CONDITION = '0xabc';

/** A market list entry, checked by the contract's schema. */
export function marketFixture(over: Partial<MarketListItem> = {}): MarketListItem {
  return MarketListItemSchema.parse({
    conditionId: CONDITION,
    question: 'Will the Fed cut rates at the December meeting?',
    slug: 'fed-cuts-rates-in-december',
    tokens: [
      { tokenId: YES_TOKEN, outcome: 'Yes' },
      { tokenId: NO_TOKEN, outcome: 'No' },
    ],
    tickMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    negRisk: false,
    bestBid: 510_000,
    bestAsk: 520_000,
    lastPrice: 515_000,
    ...over,
  });
}

/** A YES snapshot: bids 0.51 ×300, 0.50 ×500; asks 0.52 ×200, 0.54 ×400 (a gap at 0.53). */
export function snapshotFixture(over: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return MarketSnapshotSchema.parse({
    tokenId: YES_TOKEN,
    conditionId: CONDITION,
    timestamp: 1_700_000_000_000,
    ageMs: 120,
    stale: false,
    source: 'stream',
    tickMicros: 10_000,
    bestBid: 510_000,
    bestAsk: 520_000,
    spread: 10_000,
    bidDepth: 300_000_000,
    askDepth: 200_000_000,
    microPrice: 516_000,
    microPriceUpperBand: 520_000,
    microPriceLowerBand: 510_000,
    bids: [
      { price: 510_000, size: 300_000_000 },
      { price: 500_000, size: 500_000_000 },
    ],
    asks: [
      { price: 520_000, size: 200_000_000 },
      { price: 540_000, size: 400_000_000 },
    ],
    lastTradePrice: 515_000,
    ourOrders: [],
    ...over,
  });
}

export function orderFixture(over: Partial<Order> = {}): Order {
  return OrderSchema.parse({
    id: 'ord-1',
    spec: {
      tokenId: YES_TOKEN,
      side: 'BUY',
      strategyType: 'micro_price',
      totalSize: 100_000_000,
      maxPrice: 550_000,
      minPrice: 450_000,
      urgency: 'MEDIUM',
    },
    state: 'ACTIVE',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    targetSize: 100_000_000,
    filled: 25_000_000,
    pendingFilled: 0,
    avgPrice: 515_000,
    adjustments: 2,
    arrivalMicroPrice: 516_000,
    exchangeOrders: [],
    ...over,
  });
}

/** The live-mode setup as the host reports it; PAPER with no key unless told otherwise. */
export function liveStatusFixture(over: Partial<LiveStatus> = {}): LiveStatus {
  return LiveStatusSchema.parse({
    mode: 'PAPER',
    vault: 'keystore',
    address: null,
    signatureType: 0,
    funderAddress: null,
    unlocked: false,
    trading: false,
    restUrl: 'https://clob.polymarket.com',
    chainId: 137,
    heartbeat: 'off',
    verified: null,
    ...over,
  });
}
