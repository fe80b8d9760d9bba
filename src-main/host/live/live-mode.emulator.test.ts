import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, CallParams } from '@shared/ipc/contract';
import type { CallOutcome } from '@shared/ipc/wire';
import { createLogger } from '../logger';
import { LIVE_ADDRESS, LIVE_KEY, PASSPHRASE, startLiveRig } from '../../tests/live-rig';
import type { LiveRig } from '../../tests/live-rig';
import { waitFor } from '../../tests/wait-for';

const context = { transport: 'web', client: 'test' } as const;

/** Everything the host logs in this file, to prove the key and the passphrase never reach it. */
let logText = '';
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logText += chunk.toString();
    done();
  },
});

let rig: LiveRig;

async function call<N extends CallName>(method: N, params: CallParams<N>): Promise<CallOutcome> {
  return rig.running.host.dispatcher.dispatch(method, params, context);
}

async function ok<N extends CallName>(method: N, params: CallParams<N>): Promise<unknown> {
  const outcome = await call(method, params);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.result;
}

function configFile(): { mode?: string; live?: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(rig.dataDir, 'config.json'), 'utf8')) as {
    mode?: string;
  };
}

/** A resting buy far from the touch, so it stays open. */
function restingBuy(tokenId: string) {
  return {
    tokenId,
    side: 'BUY',
    strategyType: 'iceberg',
    totalSize: '10',
    icebergParams: { clipSize: '10' },
    targetPrice: '0.05',
    minPrice: '0.01',
    maxPrice: '0.05',
  } as const;
}

async function firstToken(): Promise<string> {
  const { markets } = (await ok('market.list', {})) as {
    markets: { tokens: { tokenId: string }[] }[];
  };
  const token = markets[0]?.tokens[0]?.tokenId;
  if (!token) throw new Error('no markets');
  return token;
}

async function waitWorking(orderId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { orders } = (await ok('order.list', { includeFinal: false })) as {
      orders: { id: string; exchangeOrders: { state: string }[] }[];
    };
    const order = orders.find((o) => o.id === orderId);
    if (order?.exchangeOrders.some((e) => e.state === 'LIVE')) return;
    if (Date.now() > deadline)
      throw new Error(`order ${orderId} never rested: ${JSON.stringify(order)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  rig = await startLiveRig({ logger: createLogger({ level: 'debug', destination: sink }) });
}, 30_000);

afterAll(async () => {
  await rig?.stop();
});

describe('live mode, with an emulator standing in for Polymarket', () => {
  it('starts in PAPER with no key, and refuses LIVE until one is set up', async () => {
    expect(await ok('live.status', {})).toMatchObject({
      mode: 'PAPER',
      vault: 'keystore',
      address: null,
      unlocked: false,
      trading: false,
      restUrl: rig.polymarket.restUrl,
    });
    const refused = await call('live.enable', { confirm: 'LIVE' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const unconfirmed = await call('live.enable', { confirm: 'yes' as 'LIVE' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses bad setups with typed errors and saves nothing', async () => {
    const cases: [CallParams<'live.setup'>, string][] = [
      [{ privateKey: '0x1234', passphrase: PASSPHRASE }, 'privateKey'],
      [{ privateKey: LIVE_KEY, passphrase: 'short' }, 'passphrase'],
      [{ privateKey: LIVE_KEY }, 'passphrase'],
      [{ privateKey: LIVE_KEY, passphrase: PASSPHRASE, signatureType: 1 }, 'funderAddress'],
      [
        {
          privateKey: LIVE_KEY,
          passphrase: PASSPHRASE,
          signatureType: 0,
          funderAddress: '0x000000000000000000000000000000000000dEaD',
        },
        'funderAddress',
      ],
    ];
    for (const [params] of cases) {
      const outcome = await call('live.setup', params);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!outcome.ok) expect(outcome.error.message).not.toContain(LIVE_KEY.slice(2, 18));
    }
    expect(existsSync(join(rig.dataDir, 'live-key.json'))).toBe(false);
  });

  it('verifies the key with the exchange, then keeps it encrypted', async () => {
    const status = await ok('live.setup', { privateKey: LIVE_KEY, passphrase: PASSPHRASE });
    expect(status).toMatchObject({
      mode: 'PAPER',
      address: LIVE_ADDRESS,
      signatureType: 0,
      funderAddress: null,
      unlocked: true,
      trading: false,
      verified: { collateral: 10_000_000_000 },
    });
    const keystore = readFileSync(join(rig.dataDir, 'live-key.json'), 'utf8');
    expect(keystore.toLowerCase()).not.toContain(LIVE_KEY.slice(2).toLowerCase());
    expect(configFile().live).toMatchObject({ signatureType: 0 });
    expect(JSON.stringify(configFile())).not.toContain(LIVE_KEY.slice(2));
  });

  it('will not switch while paper orders work, then switches to LIVE on confirmation', async () => {
    const paperToken = await firstToken();
    const { orderId } = (await ok('order.submit', restingBuy(paperToken))) as { orderId: string };
    await waitWorking(orderId);
    const refused = await call('live.enable', { confirm: 'LIVE' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/1 order is working in PAPER mode/);
    expect((await ok('app.info', {})) as { mode: string }).toMatchObject({ mode: 'PAPER' });

    await ok('order.cancelAll', {});
    const infos: string[] = [];
    const off = rig.running.host.events.subscribe((name, payload) => {
      if (name === 'app.info') infos.push((payload as { mode: string }).mode);
    });
    const live = await ok('live.enable', { confirm: 'LIVE' });
    off();
    expect(live).toMatchObject({ mode: 'LIVE', trading: true, address: LIVE_ADDRESS });
    expect(infos).toEqual(['LIVE']);
    expect(configFile().mode).toBe('LIVE');
    expect(await ok('app.info', {})).toMatchObject({
      mode: 'LIVE',
      exchangeUrl: rig.polymarket.restUrl,
    });
    await waitFor(
      () => rig.running.host.health().heartbeat === 'ok',
      'the dead-man switch heartbeat',
    );
    expect(rig.running.host.health()).toMatchObject({ canTrade: true, switching: false });
  });

  it('trades LIVE from the set-up wallet, and goes back to PAPER', async () => {
    const token = await firstToken();
    const { orderId } = (await ok('order.submit', restingBuy(token))) as { orderId: string };
    await waitWorking(orderId);
    // The order rests on the "live" exchange's public book, not on the paper one.
    const book = (await (
      await fetch(`${rig.polymarket.restUrl}/book?token_id=${token}`)
    ).json()) as {
      bids: { price: string; size: string }[];
    };
    expect(book.bids).toContainEqual({ price: '0.05', size: '10' });
    expect(await call('live.disable', {})).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await ok('order.cancel', { orderId });
    expect(await ok('live.disable', {})).toMatchObject({ mode: 'PAPER', trading: false });
    expect(configFile().mode).toBe('PAPER');
    expect(rig.running.host.health().heartbeat).toBe('off');
  });

  it('restarts LIVE with the keystore locked: market data only until unlocked', async () => {
    await ok('live.enable', { confirm: 'LIVE' });
    await rig.restart();
    expect(await ok('live.status', {})).toMatchObject({
      mode: 'LIVE',
      unlocked: false,
      trading: false,
    });
    expect((await ok('app.info', {})) as { problems: string[] }).toMatchObject({
      problems: [expect.stringMatching(/locked key/)],
    });
    const token = await firstToken();
    const refused = await call('order.submit', restingBuy(token));
    expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(await call('live.unlock', { passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(await ok('live.unlock', { passphrase: PASSPHRASE })).toMatchObject({
      mode: 'LIVE',
      trading: true,
    });
    expect(await ok('app.info', {})).toMatchObject({ problems: [] });
  }, 30_000);

  it('unlocks at start from the environment, for unattended hosts', async () => {
    await rig.restart({ POLYDESK_KEYSTORE_PASSPHRASE: PASSPHRASE });
    expect(await ok('live.status', {})).toMatchObject({ mode: 'LIVE', trading: true });
    await ok('live.disable', {});
    expect(await call('live.forget', {})).toMatchObject({ ok: true });
    expect(existsSync(join(rig.dataDir, 'live-key.json'))).toBe(false);
  }, 30_000);

  it('changes the safety rails at once and in the config file', async () => {
    const rails = await ok('settings.updateRisk', { maxOrderNotional: '0.4', maxOpenOrders: 3 });
    expect(rails).toMatchObject({ maxOrderNotional: 400_000, maxOpenOrders: 3 });
    expect((configFile() as { risk?: unknown }).risk).toMatchObject({
      maxOrderNotional: 0.4,
      maxOpenOrders: 3,
    });
    const refused = await call('order.submit', restingBuy(await firstToken()));
    expect(refused).toMatchObject({ ok: false, error: { code: 'RISK_LIMIT' } });
    const bad = await call('settings.updateRisk', { maxThroughMicroPrice: '2' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('never wrote the key or the passphrase to the log', () => {
    expect(logText).toContain('live key set up');
    expect(logText.toLowerCase()).not.toContain(LIVE_KEY.slice(2).toLowerCase());
    expect(logText).not.toContain(PASSPHRASE);
  });
});
