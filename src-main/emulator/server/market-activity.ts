import type { MatchingEngine } from '../engine/matching-engine.js';
import type { TradeRecord } from '../engine/types.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface Volume {
  totalMicros: bigint;
  /** pUSD traded per minute (epoch minute → micros), the last 24 h only. */
  minutes: Map<number, bigint>;
}

/**
 * Traded pUSD per market, counted when a trade is matched (the engine forgets agents' trades
 * after a minute, so Gamma's volume figures cannot be summed from its trade list). A trade that
 * later FAILS stays counted, as a volume feed built from matches would count it.
 */
export class MarketActivity {
  private readonly volumes = new Map<string, Volume>();
  private readonly counted = new Set<string>();

  constructor(private readonly now: () => number) {}

  /** Counts every trade of the engine from now on. */
  follow(engine: MatchingEngine): () => void {
    return engine.on((event) => {
      if (event.kind === 'trade' && event.trade.status === 'MATCHED') this.observe(event.trade);
    });
  }

  observe(trade: TradeRecord): void {
    if (this.counted.has(trade.id)) return;
    this.counted.add(trade.id);
    let volume = this.volumes.get(trade.conditionId);
    if (!volume) {
      volume = { totalMicros: 0n, minutes: new Map() };
      this.volumes.set(trade.conditionId, volume);
    }
    volume.totalMicros += trade.notionalMicros;
    const minute = Math.floor(trade.matchTimeMs / MINUTE_MS);
    volume.minutes.set(minute, (volume.minutes.get(minute) ?? 0n) + trade.notionalMicros);
    // The id set only guards against a trade reported twice at match: keep it small.
    if (this.counted.size > 10_000) this.counted.clear();
  }

  /** pUSD traded in the market over the last 24 hours, in micros. */
  volume24hMicros(conditionId: string): bigint {
    const volume = this.volumes.get(conditionId);
    if (!volume) return 0n;
    const oldest = Math.floor((this.now() - DAY_MS) / MINUTE_MS);
    let sum = 0n;
    for (const [minute, micros] of volume.minutes) {
      if (minute <= oldest) volume.minutes.delete(minute);
      else sum += micros;
    }
    return sum;
  }

  /** pUSD traded in the market since the emulator started, in micros. */
  volumeTotalMicros(conditionId: string): bigint {
    return this.volumes.get(conditionId)?.totalMicros ?? 0n;
  }
}
