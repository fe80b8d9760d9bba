import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The terminal against a scripted host (the page's WebSocket is answered by this file): what the
 * paper host cannot show — LIVE mode's confirmation, an exchange outage's toast — and a busy,
 * deterministic screen for the screenshots. Browser mode only.
 */

const YES = '1001';
const NO = '1002';
const TICK = 10_000;

interface ScriptedOrder {
  id: string;
  spec: Record<string, unknown>;
  state: 'QUEUED' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'FAILED';
  reason?: string;
  createdAt: number;
  updatedAt: number;
  targetSize: number;
  filled: number;
  pendingFilled: number;
  avgPrice: number | null;
  adjustments: number;
  arrivalMicroPrice: number | null;
  exchangeOrders: never[];
}

class ScriptedHost {
  private timers: ReturnType<typeof setInterval>[] = [];
  private seq = 0;
  private fair = 520_000;
  private step = 0;
  readonly orders = new Map<string, ScriptedOrder>();
  readonly submitted: unknown[] = [];

  constructor(
    private readonly ws: WebSocketRoute,
    private readonly mode: 'PAPER' | 'LIVE',
    private readonly failSubmit: boolean,
  ) {
    ws.onMessage((raw) => this.onCall(JSON.parse(String(raw))));
    ws.onClose(() => this.stop());
    this.every(1_000, () => this.emit('app.status', { ...this.health(), at: Date.now() }));
  }

  /** Pushes `burst` snapshots every 10 ms for `ms`, plus order events, then one final book. */
  async flood(tokenId: string, ms: number, burst: number): Promise<number> {
    let sent = 0;
    const until = Date.now() + ms;
    while (Date.now() < until) {
      for (let i = 0; i < burst; i++) {
        this.step += 1;
        this.emit('market.snapshot', this.snapshot(tokenId));
        sent += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return sent;
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private every(ms: number, fn: () => void): void {
    this.timers.push(setInterval(fn, ms));
  }

  private emit(name: string, payload: unknown): void {
    this.ws.send(JSON.stringify({ type: 'event', name, payload }));
  }

  private health() {
    return {
      status: 'ok',
      mode: this.mode,
      uptimeMs: 61_000,
      connection: 'connected',
      clients: 1,
      workers: {
        busy: [...this.orders.values()].filter((o) => o.state === 'ACTIVE').length,
        idle: 3,
      },
      queueDepth: 0,
      activeOrders: 0,
      stream: 'live',
      oldestBookAgeMs: 180,
      canTrade: true,
      heartbeat: this.mode === 'LIVE' ? 'ok' : 'off',
      switching: false,
    };
  }

  private market(
    conditionId: string,
    question: string,
    slug: string,
    tokens: [string, string],
    last: number,
  ) {
    return {
      conditionId,
      question,
      slug,
      tokens: [
        { tokenId: tokens[0], outcome: 'Yes' },
        { tokenId: tokens[1], outcome: 'No' },
      ],
      tickMicros: TICK,
      minOrderSizeMicros: 5_000_000,
      negRisk: false,
      bestBid: last - 5_000,
      bestAsk: last + 5_000,
      lastPrice: last,
    };
  }

  snapshot(tokenId: string) {
    const wave = Math.round(Math.sin(this.step / 6) * 2) * TICK;
    const bid = Math.floor((this.fair + wave) / TICK) * TICK;
    const ask = bid + TICK;
    const size = (i: number, salt: number): number =>
      (200 + ((this.step * 37 + i * 113 + salt) % 900)) * 1_000_000;
    const bids = Array.from({ length: 8 }, (_, i) => ({ price: bid - i * TICK, size: size(i, 7) }));
    const asks = Array.from({ length: 8 }, (_, i) => ({
      price: ask + i * TICK,
      size: size(i, 71),
    }));
    const bidSize = bids[0]?.size ?? 1;
    const askSize = asks[0]?.size ?? 1;
    const micro = Math.round((bid * askSize + ask * bidSize) / (bidSize + askSize));
    const ours = [...this.orders.values()]
      .filter((o) => o.state === 'ACTIVE')
      .map((o) => ({
        orderId: o.id,
        side: String(o.spec.side),
        price: bid,
        size: o.targetSize - o.filled,
      }));
    return {
      tokenId,
      conditionId: 'c1',
      timestamp: Date.now(),
      ageMs: 120,
      stale: false,
      source: 'stream',
      tickMicros: TICK,
      bestBid: bid,
      bestAsk: ask,
      spread: TICK,
      bidDepth: bidSize,
      askDepth: askSize,
      microPrice: micro,
      microPriceUpperBand: ask,
      microPriceLowerBand: bid,
      bids,
      asks,
      lastTradePrice: bid,
      ourOrders: ours,
    };
  }

  private reply(id: number, outcome: unknown): void {
    this.ws.send(JSON.stringify({ type: 'reply', id, outcome }));
  }

  private event(
    order: ScriptedOrder,
    type: string,
    reason: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.emit('order.event', {
      seq: this.seq++,
      orderId: order.id,
      at: Date.now(),
      type,
      state: order.state,
      reason,
      ...extra,
    });
  }

  private update(order: ScriptedOrder): void {
    order.updatedAt = Date.now();
    this.emit('order.updated', order);
  }

  private onCall(message: { id: number; method: string; params: Record<string, unknown> }): void {
    const ok = (result: unknown) => this.reply(message.id, { ok: true, result });
    switch (message.method) {
      case 'app.info':
        return ok({
          name: 'Polydesk',
          version: '0.1.0',
          mode: this.mode,
          startedAt: 0,
          uptimeMs: 61_000,
          exchangeUrl: 'scripted',
        });
      case 'daemon.health':
        return ok(this.health());
      case 'account.summary':
        return ok({ collateral: 1_000_000_000, positions: [] });
      case 'market.list':
        return ok({
          markets: [
            this.market(
              'c1',
              'Will the Fed cut rates at the December meeting?',
              'fed-cuts-rates-in-december',
              [YES, NO],
              515_000,
            ),
            this.market(
              'c2',
              'Will a private lunar lander touch down intact before 2027?',
              'lunar-lander',
              ['2001', '2002'],
              310_000,
            ),
            this.market(
              'c3',
              'Will the 2026 World Cup final go to penalties?',
              'world-cup-penalties',
              ['3001', '3002'],
              180_000,
            ),
          ],
        });
      case 'market.watch': {
        const tokenId = String(message.params.tokenId);
        ok(this.snapshot(tokenId));
        this.every(50, () => {
          this.step += 1;
          this.fair += Math.round(Math.sin(this.step / 17) * 600);
          this.emit('market.snapshot', this.snapshot(tokenId));
        });
        return;
      }
      case 'market.unwatch':
        return ok({ watching: [] });
      case 'order.list':
        return ok({ orders: [...this.orders.values()] });
      case 'order.events':
        return ok({ events: [] });
      case 'order.submit':
        return this.submit(message.id, message.params);
      case 'order.cancel': {
        const order = this.orders.get(String(message.params.orderId));
        if (!order)
          return this.reply(message.id, {
            ok: false,
            error: { code: 'NOT_FOUND', message: 'no such order' },
          });
        order.state = 'CANCELLED';
        order.reason = 'cancelled by the user';
        this.event(order, 'cancelled', 'cancelled by the user');
        this.update(order);
        return ok(order);
      }
      case 'order.cancelAll': {
        const cancelled: string[] = [];
        for (const order of this.orders.values()) {
          if (order.state !== 'ACTIVE' && order.state !== 'QUEUED') continue;
          order.state = 'CANCELLED';
          order.reason = 'kill switch';
          this.event(order, 'cancelled', 'kill switch');
          this.update(order);
          cancelled.push(order.id);
        }
        return ok({ cancelled });
      }
      default:
        return this.reply(message.id, {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: message.method },
        });
    }
  }

  private submit(id: number, params: Record<string, unknown>): void {
    this.submitted.push(params);
    if (this.failSubmit) {
      this.reply(id, {
        ok: false,
        error: { code: 'EXCHANGE_UNAVAILABLE', message: 'The exchange did not answer' },
      });
      return;
    }
    const size = Math.round(Number(params.totalSize ?? '50') * 1_000_000);
    const order: ScriptedOrder = {
      id: `ord-${this.orders.size + 1}`,
      spec: {
        tokenId: params.tokenId,
        side: params.side,
        strategyType: params.strategyType,
        totalSize: size,
        maxPrice: Math.round(Number(params.maxPrice) * 1e6),
        minPrice: Math.round(Number(params.minPrice) * 1e6),
        urgency: 'MEDIUM',
      },
      state: 'ACTIVE',
      createdAt: Date.now(),
      updatedAt: Date.now(),
      targetSize: size,
      filled: 0,
      pendingFilled: 0,
      avgPrice: null,
      adjustments: 0,
      arrivalMicroPrice: this.fair,
      exchangeOrders: [],
    };
    this.orders.set(order.id, order);
    this.reply(id, { ok: true, result: { orderId: order.id } });
    this.event(order, 'placed', 'quote at the micro-price band', {
      price: this.fair - (this.fair % TICK),
      size,
    });
    this.update(order);
    const slow = order.id !== 'ord-1';
    let ticks = 0;
    this.every(700, () => {
      if (order.state !== 'ACTIVE') return;
      ticks += 1;
      if (ticks % 2 === 0) {
        order.adjustments += 1;
        this.event(order, 'replace', 'micro-price moved 1 tick: out of band, requoted', {
          price: this.fair - (this.fair % TICK),
        });
      }
      const clip = Math.min(
        order.targetSize - order.filled,
        Math.round(order.targetSize / (slow ? 12 : 4)),
      );
      const price = this.fair - (this.fair % TICK);
      order.avgPrice =
        order.avgPrice === null
          ? price
          : Math.round((order.avgPrice * order.filled + price * clip) / (order.filled + clip));
      order.filled += clip;
      this.event(order, 'fill', 'maker fill', { price, size: clip, filled: order.filled });
      if (order.filled >= order.targetSize) {
        order.state = 'COMPLETED';
        order.reason = 'filled';
        this.event(order, 'state', 'filled');
      }
      this.update(order);
    });
  }
}

async function scripted(
  page: Page,
  mode: 'PAPER' | 'LIVE',
  failSubmit = false,
): Promise<() => ScriptedHost> {
  let host: ScriptedHost | undefined;
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    host?.stop();
    host = new ScriptedHost(ws, mode, failSubmit);
  });
  await page.reload();
  await expect(page.getByTestId('link-state')).toHaveText('host connected');
  return () => {
    if (!host) throw new Error('the page never opened its socket');
    return host;
  };
}

async function pickFed(page: Page): Promise<void> {
  await page.getByTestId('market-row').filter({ hasText: 'Fed cut rates' }).click();
  await expect(page.getByTestId('ladder-row').first()).toBeVisible();
}

test.describe('scripted host', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, testInfo) => {
    test.skip(
      testInfo.project.metadata.target === 'electron',
      'the scripted host answers the web transport only',
    );
  });

  test('a busy terminal at 1280×800', async ({ appPage, shot }) => {
    await scripted(appPage, 'PAPER');
    await pickFed(appPage);
    await appPage.getByTestId('ladder-bid').nth(9).click();
    await appPage.getByTestId('field-totalSize').fill('120');
    await appPage.getByTestId('field-totalSize').press('Enter');
    await expect(appPage.getByTestId('order-row')).toHaveCount(1);
    await appPage.getByTestId('ladder-bid').nth(10).click();
    await appPage.getByTestId('field-totalSize').fill('400');
    await appPage.getByTestId('order-submit').click();
    await expect(appPage.getByTestId('order-row')).toHaveCount(2);
    await expect(appPage.getByTestId('order-state').last()).toHaveText('COMPLETED');
    await appPage.getByTestId('order-row').first().click();
    await expect(appPage.getByTestId('event-row').first()).toBeVisible();
    await expect
      .poll(async () =>
        Number(await appPage.getByTestId('price-chart').getAttribute('data-points')),
      )
      .toBeGreaterThan(10);
    await shot('scripted-terminal');
    await appPage.getByTestId('tab-kelly').click();
    await expect(appPage.getByTestId('growth-chart')).toBeVisible();
    await shot('scripted-kelly');
  });

  test('a flood of book updates keeps the page drawing and ends on the newest book', async ({
    appPage,
  }) => {
    const host = await scripted(appPage, 'PAPER');
    await pickFed(appPage);
    const tokenId = YES;
    // Frames drawn in `ms`, and the longest gap between two of them.
    const countFrames = (ms: number): Promise<{ count: number; longestGapMs: number }> =>
      appPage.evaluate(
        (span) =>
          new Promise<{ count: number; longestGapMs: number }>((resolve) => {
            let count = 0;
            let longestGapMs = 0;
            const start = performance.now();
            let previous = start;
            const tick = (now: number): void => {
              count += 1;
              longestGapMs = Math.max(longestGapMs, now - previous);
              previous = now;
              if (now - start < span) requestAnimationFrame(tick);
              else resolve({ count, longestGapMs });
            };
            requestAnimationFrame(tick);
          }),
        ms,
      );
    const frames = countFrames(2_000);
    const sent = await host().flood(tokenId, 2_000, 10);
    // Hundreds of snapshots a second arrive…
    expect(sent).toBeGreaterThan(200);
    const flooded = await frames;
    // …and the page keeps drawing: never under 5 frames a second, never a frozen second (how far
    // above that depends on what else the machine runs; frame times are the benchmark's job).
    expect(flooded.count).toBeGreaterThan(10);
    expect(flooded.longestGapMs).toBeLessThan(1_000);
    host().stop();
    const last = host().snapshot(tokenId);
    await expect(appPage.getByTestId('best-bid')).toHaveText((last.bestBid / 1e6).toFixed(2));
  });

  test('LIVE mode asks before sending, and Esc backs out', async ({ appPage, shot }) => {
    const host = await scripted(appPage, 'LIVE');
    await expect(appPage.getByTestId('mode-badge')).toHaveText('LIVE');
    await pickFed(appPage);
    await appPage.getByTestId('ladder-bid').nth(9).click();
    await appPage.getByTestId('field-totalSize').fill('100');
    await appPage.getByTestId('order-submit').click();
    const dialog = appPage.getByTestId('confirm-order');
    await expect(dialog).toBeVisible();
    await expect(appPage.getByTestId('confirm-side')).toHaveText('BUY Yes');
    await expect(appPage.getByTestId('confirm-size')).toHaveText('100 shares');
    await expect(appPage.getByTestId('confirm-notional')).toContainText('at most $');
    await shot('scripted-live-confirm');
    await appPage.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(host().submitted).toHaveLength(0);
    await appPage.getByTestId('order-submit').click();
    await appPage.getByTestId('confirm-order-submit').click();
    await expect(appPage.getByTestId('order-row')).toHaveCount(1);
    expect(host().submitted).toHaveLength(1);
  });

  test('an exchange outage on submit is a toast that says what to do', async ({
    appPage,
    shot,
  }) => {
    await scripted(appPage, 'PAPER', true);
    await pickFed(appPage);
    await appPage.getByTestId('ladder-bid').nth(9).click();
    await appPage.getByTestId('field-totalSize').fill('10');
    await appPage.getByTestId('order-submit').click();
    const toast = appPage.getByTestId('toast-error');
    await expect(toast).toContainText('Order not accepted: The exchange did not answer');
    await expect(toast).toContainText('try again');
    await shot('scripted-error-toast');
  });
});
