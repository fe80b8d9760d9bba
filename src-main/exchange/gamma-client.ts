import {
  gammaOffsetPath,
  nextOffsetQuery,
  normalizeGammaEvents,
  parseGammaEventsPage,
  type EventInfo,
  type GammaEvent,
  type GammaListFilter,
  type GammaOffsetQuery,
} from '@shared/domain/gamma';
import type { Logger } from '../host/logger';
import type { GammaEventList, GammaLookup } from './exchange-port';

/** Polymarket's public Gamma API (no key). */
export const LIVE_GAMMA_URL = 'https://gamma-api.polymarket.com';

export interface GammaClientOptions {
  /** Base URL: https://gamma-api.polymarket.com, or the paper exchange's `${restUrl}/gamma`. */
  gammaUrl: string;
  logger: Logger;
  /** Per request; past it Gamma counts as unavailable (default 3000). */
  timeoutMs?: number;
  /** Events per page (default 100). */
  pageSize?: number;
  /** Pages followed at most, so a server that never ends a list cannot hold us (default 200). */
  maxPages?: number;
  fetch?: typeof fetch;
}

/** The notice shown over a market list built from the CLOB alone. */
export function gammaUnavailableNotice(reason: string): string {
  return (
    `Market details from Polymarket's Gamma API are unavailable (${reason}): the list shows the ` +
    "exchange's own market data, without event titles, volume, liquidity or tags."
  );
}

class GammaDown extends Error {}

/**
 * Reads Gamma's /events with offset paging followed to the end. Any failure (no answer, a
 * timeout, an error status, a body that is not a list) comes back as `unavailable` with the
 * notice to show, never as an exception: callers fall back to the CLOB's market list.
 */
export class GammaClient {
  readonly gammaUrl: string;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: GammaClientOptions) {
    this.gammaUrl = options.gammaUrl.replace(/\/+$/, '');
    this.log = options.logger;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = options.maxPages ?? 200;
    this.fetchFn = options.fetch ?? fetch;
  }

  async listEvents(filter: GammaListFilter = {}): Promise<GammaLookup<GammaEventList>> {
    try {
      const events: GammaEvent[] = [];
      let rejected = 0;
      let query: GammaOffsetQuery | null = { ...filter, limit: this.pageSize, offset: 0 };
      for (let page = 0; query; page++) {
        if (page >= this.maxPages) throw new GammaDown(`more than ${this.maxPages} pages`);
        const body = await this.get(gammaOffsetPath('/events', query));
        if (!Array.isArray(body)) throw new GammaDown('GET /events did not answer a list');
        const parsed = parseGammaEventsPage(body);
        events.push(...parsed.items);
        rejected += parsed.rejected.length;
        // The raw count decides the end: a page with malformed entries is still a full page.
        query = nextOffsetQuery(query, body.length);
      }
      const normalized = normalizeGammaEvents(events);
      if (rejected > 0 || normalized.skipped.length > 0) {
        this.log.warn(
          { rejected, skipped: normalized.skipped.length },
          'Gamma: entries that could not be listed were left out',
        );
      }
      return {
        kind: 'ok',
        value: { ...normalized, rejectedEvents: rejected },
      };
    } catch (err) {
      return this.unavailable('GET /events', err);
    }
  }

  /** One event by Gamma id (digits) or slug; null when Gamma does not know it. */
  async getEvent(idOrSlug: string): Promise<GammaLookup<EventInfo | null>> {
    const path = /^\d+$/.test(idOrSlug)
      ? `/events/${idOrSlug}`
      : `/events/slug/${encodeURIComponent(idOrSlug)}`;
    try {
      const body = await this.get(path, true);
      if (body === null) return { kind: 'ok', value: null };
      const parsed = parseGammaEventsPage([body]);
      if (parsed.items.length === 0) throw new GammaDown(`${path}: not an event`);
      return { kind: 'ok', value: normalizeGammaEvents(parsed.items).events[0] ?? null };
    } catch (err) {
      return this.unavailable(`GET ${path}`, err);
    }
  }

  /** The JSON body of a GET; null for a 404 when `notFoundIsNull`. */
  private async get(path: string, notFoundIsNull = false): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const res = await this.fetchFn(`${this.gammaUrl}${path}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (notFoundIsNull && res.status === 404) return null;
      if (!res.ok) throw new GammaDown(`HTTP ${res.status}`);
      try {
        return (await res.json()) as unknown;
      } catch {
        throw new GammaDown('the reply is not JSON');
      }
    } catch (err) {
      if (controller.signal.aborted) throw new GammaDown(`no answer within ${this.timeoutMs} ms`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(what: string, err: unknown): GammaLookup<never> {
    const reason =
      err instanceof GammaDown
        ? err.message
        : `unreachable: ${err instanceof Error ? err.message : String(err)}`;
    this.log.warn({ gammaUrl: this.gammaUrl, request: what, reason }, 'Gamma unavailable');
    return { kind: 'unavailable', reason, notice: gammaUnavailableNotice(reason) };
  }
}
