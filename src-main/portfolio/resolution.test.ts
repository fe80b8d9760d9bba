import { describe, expect, it } from 'vitest';
import type { EventInfo, MarketInfo } from '@shared/domain/gamma';
import type { Position } from '@shared/portfolio';
import { afterRedemption, resolutionsOfEvents } from './resolution';

const SHARE = 1_000_000;

function position(over: Partial<Position> = {}): Position {
  return {
    tokenId: '1',
    heldMicros: 10 * SHARE,
    confirmedMicros: 10 * SHARE,
    pendingBuyMicros: 0,
    pendingSellMicros: 0,
    pendingSellProceedsMicros: 0,
    costBasisMicros: 4 * SHARE,
    avgCostMicros: 400_000,
    realizedPnlMicros: 0,
    feesMicros: 0,
    unknownCostSoldMicros: 0,
    unknownCostProceedsMicros: 0,
    liveFills: 1,
    failedFills: 0,
    ...over,
  };
}

const WON = { conditionId: '0xc', winningOutcome: 'Yes', won: true };
const LOST = { ...WON, won: false };

describe('afterRedemption', () => {
  it('leaves a position whose shares the exchange still holds', () => {
    expect(afterRedemption(position(), WON, 10 * SHARE)).toEqual(position());
    expect(afterRedemption(position(), WON, undefined)).toEqual(position());
  });

  it('moves redeemed winning shares to realized P&L at 1 each, losing ones at 0', () => {
    expect(afterRedemption(position(), WON, 0)).toMatchObject({
      heldMicros: 0,
      confirmedMicros: 0,
      costBasisMicros: 0,
      avgCostMicros: null,
      realizedPnlMicros: 6 * SHARE,
    });
    expect(afterRedemption(position(), LOST, 0)).toMatchObject({
      heldMicros: 0,
      realizedPnlMicros: -4 * SHARE,
    });
  });

  it('takes its share of the cost basis out with a part redeemed', () => {
    expect(afterRedemption(position(), WON, 4 * SHARE)).toMatchObject({
      heldMicros: 4 * SHARE,
      costBasisMicros: 1_600_000,
      avgCostMicros: 400_000,
      realizedPnlMicros: 6 * SHARE - 2_400_000,
    });
  });
});

function market(over: Partial<MarketInfo>): MarketInfo {
  return {
    id: '1',
    conditionId: '0xc',
    question: 'q',
    slug: null,
    groupItemTitle: null,
    eventId: '9',
    eventTitle: null,
    eventSlug: null,
    outcomes: [
      { label: 'Yes', tokenId: '1', priceMicros: SHARE },
      { label: 'No', tokenId: '2', priceMicros: 0 },
    ],
    endDateMs: null,
    volume24hMicros: 0,
    liquidityMicros: 0,
    tags: [],
    negRisk: true,
    negRiskMarketId: null,
    active: true,
    closed: true,
    acceptingOrders: false,
    enableOrderBook: true,
    tickMicros: null,
    minOrderSizeMicros: null,
    bestBidMicros: null,
    bestAskMicros: null,
    ...over,
  };
}

describe('resolutionsOfEvents', () => {
  it('reads a winner only off closed markets priced exactly 1 and 0', () => {
    const event: EventInfo = {
      id: '9',
      slug: null,
      title: 'e',
      description: null,
      endDateMs: null,
      volume24hMicros: 0,
      liquidityMicros: 0,
      tags: [],
      negRisk: true,
      negRiskMarketId: null,
      markets: [
        market({}),
        market({ conditionId: '0xopen', closed: false }),
        market({
          conditionId: '0xpending',
          outcomes: [
            { label: 'Yes', tokenId: '5', priceMicros: 999_500 },
            { label: 'No', tokenId: '6', priceMicros: 500 },
          ],
        }),
      ],
    };
    expect(resolutionsOfEvents([event])).toEqual([
      { conditionId: '0xc', tokenIds: ['1', '2'], winningTokenId: '1', winningOutcome: 'Yes' },
    ]);
  });
});
