import { createHash } from 'node:crypto';
import { COLLATERAL } from '../engine/ledger.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import type { MarketSpec, Side } from '../engine/types.js';
import { SeededRandom } from './seeded-random.js';
import type { MarketBehaviour, SyntheticMarket } from './synthetic-markets.js';

const ONE = 1_000_000;
/** Agents are funded deep enough never to run dry during a session. */
const AGENT_FUNDING = 1_000_000_000n * 1_000_000n;

function agentAddress(label: string): string {
  return '0x' + createHash('sha256').update(`polydesk:agent:${label}`).digest('hex').slice(0, 40);
}

function agentKey(label: string): string {
  const h = createHash('sha256').update(`polydesk:agent-key:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-9${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface MarketAgents {
  spec: MarketSpec;
  b: MarketBehaviour;
  /** Fair value of YES in micros (fractional while it drifts). */
  fair: number;
  drift: number;
  mm: string;
  mmKey: string;
  taker: string;
  takerKey: string;
  rng: SeededRandom;
  group: string | null;
}

/** A seed for a market's own random sequence, from the run's seed and the market's slug. */
function marketSeed(seed: number, slug: string): number {
  return createHash('sha256').update(`${seed}:${slug}`).digest().readUInt32LE(0);
}

/**
 * Seeded agents that trade through the engine like any account: market makers keep a ladder around
 * a drifting fair value, noise takers hit the book, an informed trader takes stale quotes after the
 * fair value moved (which is what makes jumps and trends visible in the book).
 */
export class AgentFlow {
  private readonly rng: SeededRandom;
  private readonly agents: MarketAgents[];
  private readonly groups: MarketAgents[][];
  private seq = 0;

  constructor(
    private readonly engine: MatchingEngine,
    markets: SyntheticMarket[],
    private readonly seed: number,
  ) {
    this.rng = new SeededRandom(seed);
    this.agents = markets.map(({ spec, behaviour, ownRandom, negRiskGroup }) => {
      const a: MarketAgents = {
        // The engine's copy: it follows tick size changes.
        spec: engine.market(spec.conditionId) ?? spec,
        b: behaviour,
        fair: behaviour.startMicros,
        drift: behaviour.driftMicros,
        mm: agentAddress(`${spec.slug}:mm`),
        mmKey: agentKey(`${spec.slug}:mm`),
        taker: agentAddress(`${spec.slug}:taker`),
        takerKey: agentKey(`${spec.slug}:taker`),
        rng: ownRandom ? new SeededRandom(marketSeed(seed, spec.slug)) : this.rng,
        group: negRiskGroup,
      };
      engine.fund(a.mm, AGENT_FUNDING);
      engine.fund(a.taker, AGENT_FUNDING);
      return a;
    });
    const byGroup = new Map<string, MarketAgents[]>();
    for (const a of this.agents) {
      if (a.group !== null) byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
    }
    this.groups = [...byGroup.values()];
  }

  /** Quotes every market around its starting value (deterministic, no trading). */
  seedBooks(): void {
    for (const a of this.agents) this.requote(a);
  }

  /** One round of flow over all markets. */
  step(): void {
    for (const a of this.agents) {
      // A resolved market takes no orders: its agents stop.
      if (a.spec.winningTokenId !== undefined) continue;
      this.stepMarket(a);
      this.refineTick(a);
    }
    for (const group of this.groups) this.normalizeGroup(group);
  }

  /**
   * Mutually exclusive outcomes: exactly one resolves Yes, so their YES fair values are scaled
   * back to a sum of 1 after each step (each still walks on its own in between).
   */
  private normalizeGroup(group: MarketAgents[]): void {
    const open = group.filter((a) => a.spec.winningTokenId === undefined);
    const sum = open.reduce((total, a) => total + a.fair, 0);
    if (open.length < 2 || sum <= 0) return;
    for (const a of open) {
      const tick = a.spec.tickMicros;
      a.fair = Math.min(ONE - 2 * tick, Math.max(2 * tick, (a.fair / sum) * ONE));
    }
  }

  /** Current fair value of a market's YES outcome in micros (undefined for an unknown market). */
  fairValue(conditionId: string): number | undefined {
    return this.agents.find((a) => a.spec.conditionId === conditionId)?.fair;
  }

  /** Polymarket's rule: a 0.01-tick book trading above 0.96 or below 0.04 moves to a 0.001 tick. */
  private refineTick(a: MarketAgents): void {
    if (a.spec.tickMicros !== 10_000) return;
    const { bid, ask } = this.engine.bestBidAsk(a.spec.yesTokenId);
    if ((bid !== null && bid > 960_000) || (ask !== null && ask < 40_000)) {
      this.engine.setTickSize(a.spec.conditionId, 1_000);
    }
  }

  private stepMarket(a: MarketAgents): void {
    const { b, spec } = a;
    const tick = spec.tickMicros;
    const rng = a.rng;
    const shock = rng.normal() * b.volatilityMicros;
    const jumpRoll = rng.next();
    const jumpSign = rng.next() < 0.5 ? -1 : 1;
    const takerRoll = rng.next();
    const takerBuy = rng.next() < 0.5;
    const takerShares = rng.int(b.takerShares[0], b.takerShares[1]);
    const requoteRoll = rng.next();

    if (a.drift !== 0) {
      if (a.fair > 850_000) a.drift = -Math.abs(a.drift);
      else if (a.fair < 150_000) a.drift = Math.abs(a.drift);
    }
    let fair = a.fair + a.drift + shock;
    if (b.anchorMicros !== undefined) fair += (b.anchorMicros - fair) * 0.02;
    if (b.jumpChance > 0 && jumpRoll < b.jumpChance) fair += jumpSign * b.jumpMicros;
    a.fair = Math.min(ONE - 2 * tick, Math.max(2 * tick, fair));

    this.informedTake(a);
    if (takerRoll < b.takerChance) this.noiseTake(a, takerBuy, takerShares);
    if (requoteRoll < 0.6) this.requote(a);
  }

  private snap(a: MarketAgents, micros: number): number {
    const tick = a.spec.tickMicros;
    return Math.min(ONE - tick, Math.max(tick, Math.round(micros / tick) * tick));
  }

  private nextId(label: string): string {
    return (
      '0x' +
      createHash('sha256').update(`polydesk:${this.seed}:${label}:${++this.seq}`).digest('hex')
    );
  }

  /**
   * Places a YES-terms intent: a bid at p is BUY YES (or SELL NO if held), an ask at p is BUY NO at
   * 1−p (or SELL YES if held), so agents need only collateral.
   */
  private placeYes(
    account: string,
    owner: string,
    a: MarketAgents,
    bid: boolean,
    yesPrice: number,
    shares: number,
    type: 'GTC' | 'FAK',
  ): void {
    const size = BigInt(shares) * 1_000_000n;
    const { yesTokenId, noTokenId } = a.spec;
    const heldToken = bid ? noTokenId : yesTokenId;
    const sell = this.engine.ledger.available(account, heldToken) >= size;
    let tokenId: string;
    let side: Side;
    let price: number;
    if (bid) {
      [tokenId, side, price] = sell
        ? [noTokenId, 'SELL', ONE - yesPrice]
        : [yesTokenId, 'BUY', yesPrice];
    } else {
      [tokenId, side, price] = sell
        ? [yesTokenId, 'SELL', yesPrice]
        : [noTokenId, 'BUY', ONE - yesPrice];
    }
    if (side === 'BUY' && this.engine.ledger.available(account, COLLATERAL) < size) return;
    this.engine.place({
      id: this.nextId(account),
      account,
      owner,
      tokenId,
      side,
      priceMicros: price,
      sizeMicros: size,
      orderType: type,
    });
  }

  /** Keeps the market maker's ladder: cancels levels that are off target, adds the missing ones. */
  private requote(a: MarketAgents): void {
    const { b, spec } = a;
    const tick = spec.tickMicros;
    const bestBid = this.snap(a, a.fair - (b.spreadTicks * tick) / 2);
    const bestAsk = Math.min(ONE - tick, bestBid + b.spreadTicks * tick);
    const wanted = new Map<string, number>();
    for (let i = 0; i < b.levels; i++) {
      const shares = Math.round(b.levelShares * (1 + 0.35 * i));
      const bidPrice = bestBid - i * tick;
      const askPrice = bestAsk + i * tick;
      if (bidPrice >= tick) wanted.set(`bid:${bidPrice}`, shares);
      if (askPrice <= ONE - tick) wanted.set(`ask:${askPrice}`, shares);
    }
    const mine = this.engine
      .openOrders()
      .filter((o) => o.account === a.mm && o.conditionId === spec.conditionId);
    const have = new Set<string>();
    for (const o of mine) {
      const key = `${o.bookSide}:${o.bookPrice}`;
      const want = wanted.get(key);
      const remaining = Number((o.originalSize - o.matched) / 1_000_000n);
      if (want === undefined || have.has(key) || remaining * 2 < want) {
        this.engine.cancel(o.id);
        continue;
      }
      have.add(key);
    }
    for (const [key, shares] of wanted) {
      if (have.has(key)) continue;
      const [side, price] = key.split(':') as [string, string];
      this.placeYes(a.mm, a.mmKey, a, side === 'bid', Number(price), shares, 'GTC');
    }
  }

  private noiseTake(a: MarketAgents, buy: boolean, shares: number): void {
    const tick = a.spec.tickMicros;
    const limit = this.snap(a, buy ? a.fair + 3 * tick : a.fair - 3 * tick);
    this.placeYes(a.taker, a.takerKey, a, buy, limit, shares, 'FAK');
  }

  /** Takes quotes that are on the wrong side of the fair value by more than a tick. */
  private informedTake(a: MarketAgents): void {
    const tick = a.spec.tickMicros;
    const { bid, ask } = this.engine.bestBidAsk(a.spec.yesTokenId);
    if (ask !== null && ask + tick < a.fair) {
      const limit = this.snap(a, a.fair - tick);
      this.placeYes(a.taker, a.takerKey, a, true, limit, this.sweepSize(a, 'ask', limit), 'FAK');
    } else if (bid !== null && bid - tick > a.fair) {
      const limit = this.snap(a, a.fair + tick);
      this.placeYes(a.taker, a.takerKey, a, false, limit, this.sweepSize(a, 'bid', limit), 'FAK');
    }
  }

  private sweepSize(a: MarketAgents, side: 'bid' | 'ask', limit: number): number {
    const view = this.engine.bookView(a.spec.yesTokenId);
    const levels = side === 'ask' ? (view?.asks ?? []) : (view?.bids ?? []);
    let total = 0n;
    for (const l of levels) {
      if (side === 'ask' ? l.priceMicros <= limit : l.priceMicros >= limit) total += l.sizeMicros;
    }
    return Math.max(1, Math.ceil(Number(total) / 1_000_000));
  }

  /** Market maker accounts (for tests that want to tell agent orders apart). */
  accounts(): string[] {
    return this.agents.flatMap((a) => [a.mm, a.taker]);
  }

  isAgentAccount(account: string): boolean {
    return this.agents.some((a) => a.mm === account || a.taker === account);
  }
}
