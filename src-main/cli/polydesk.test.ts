import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host/host';
import { startShellHost } from '../tests/shell-host';
import type { ShellHost } from '../tests/shell-host';
import type { WebServer } from '../transport/web-server';
import { OrderRequestSchema } from '@shared/domain/order-request';
import { EXIT } from './exit-codes';
import { requestFromOptions, runCli } from './polydesk';

let shell: ShellHost;
let host: Host;
let web: WebServer;

beforeAll(async () => {
  shell = await startShellHost();
  ({ host, web } = shell);
});

afterAll(() => shell.stop());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const at = (): string[] => ['--url', web.origin, '--host-token', web.token];

describe('polydesk CLI', () => {
  it('reads the host status, as text and as JSON', async () => {
    const text = await cli(...at(), 'status');
    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toMatch(/mode\s+PAPER/);
    const json = await cli(...at(), 'status', '--json');
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.out)).toMatchObject({ mode: 'PAPER', queueDepth: 0 });
  });

  it('turns --when-stuck, --stuck-after and --allow-taking into the order params', () => {
    const base = { token: '123', side: 'buy', minPrice: '0.40', maxPrice: '0.60', size: '20' };
    const micro = requestFromOptions({
      ...base,
      strategy: 'micro-price',
      whenStuck: 'cancel',
      stuckAfter: 30,
    });
    expect(OrderRequestSchema.parse(micro).microPriceParams?.whenStuck).toEqual({
      afterSec: 30,
      action: 'cancel',
    });
    const stoikov = requestFromOptions({ ...base, strategy: 'micro-price', estimator: 'stoikov' });
    expect(OrderRequestSchema.parse(stoikov).microPriceParams?.estimator).toBe('stoikov');
    const waiting = requestFromOptions({ ...base, strategy: 'micro-price', stuckAfter: 5 });
    expect(OrderRequestSchema.parse(waiting).microPriceParams?.whenStuck).toEqual({
      afterSec: 5,
      action: 'wait',
    });
    const kelly = requestFromOptions({
      ...base,
      size: undefined,
      strategy: 'kelly',
      winProbability: 0.6,
      maxPositionSize: '10',
      whenStuck: 'cancel',
    });
    expect(OrderRequestSchema.parse(kelly).kellyParams?.microPriceParams.whenStuck).toEqual({
      afterSec: 60,
      action: 'cancel',
    });
    const iceberg = { ...base, strategy: 'iceberg', clipSize: '5' };
    expect(requestFromOptions({ ...iceberg, allowTaking: true }).icebergParams).toEqual({
      clipSize: '5',
      allowTaking: true,
    });
    expect(requestFromOptions(iceberg).icebergParams).toEqual({ clipSize: '5' });
    expect(requestFromOptions({ ...iceberg, side: 'sell', sellUnconfirmed: true })).toMatchObject({
      side: 'SELL',
      sellUnconfirmed: true,
    });
    expect(requestFromOptions(iceberg)).not.toHaveProperty('sellUnconfirmed');
    expect(
      requestFromOptions({ ...base, strategy: 'micro-price' }).microPriceParams,
    ).toBeUndefined();
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('frobnicate')).code).toBe(EXIT.usage);
    expect((await cli(...at(), 'book')).code).toBe(EXIT.usage);
    expect((await cli(...at(), 'book', '1', '--depth', 'many')).code).toBe(EXIT.usage);
    expect((await cli(...at(), 'submit', '--token', '1')).code).toBe(EXIT.usage);
  });

  it('exits 3 when no host can be reached', async () => {
    const result = await cli(
      '--url',
      'http://127.0.0.1:9',
      '--host-token',
      'x'.repeat(20),
      'status',
    );
    expect(result.code).toBe(EXIT.hostUnreachable);
    expect(result.err).toMatch(/Cannot reach the Polydesk host/);
  });

  it('exits 4 with field messages for an invalid order, sending nothing', async () => {
    const result = await cli(
      ...at(),
      'submit',
      '--token',
      '123',
      '--side',
      'BUY',
      '--strategy',
      'micro-price',
      '--size',
      '10',
      '--min-price',
      '0.7',
      '--max-price',
      '0.6',
    );
    expect(result.code).toBe(EXIT.refused);
    expect(result.err).toMatch(/minPrice: minPrice must not be above maxPrice/);
    expect(host.health().queueDepth).toBe(0);
  });

  it('exits 4 for a kill without --yes, and with a wrong token', async () => {
    expect((await cli(...at(), 'kill')).code).toBe(EXIT.refused);
    const wrong = await cli('--url', web.origin, '--host-token', 'w'.repeat(32), 'status');
    expect(wrong.code).toBe(EXIT.refused);
    expect(wrong.err).toMatch(/token/);
  });

  it('survives arbitrary arguments: a defined exit code, no throw, the host stays up', async () => {
    const words = fc.constantFrom(
      'status',
      'markets',
      'book',
      'submit',
      'cancel',
      'orders',
      'kill',
      '--json',
      '--side',
      'BUY',
      '--strategy',
      'kelly',
      '--size',
      '-1',
      '0.5',
      'NaN',
      '--win-probability',
      '2',
      '--depth',
      '',
      '--min-price',
      '--max-price',
      '1e9',
      '\u0000',
      '--token',
      '"',
      '{}',
    );
    const codes = new Set<number>(Object.values(EXIT));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            words,
            fc.string().filter((s) => !s.includes('daemon')),
          ),
          { maxLength: 8 },
        ),
        async (args) => {
          const { code } = await cli(...at(), ...args);
          return codes.has(code);
        },
      ),
      { numRuns: 150 },
    );
    expect((await cli(...at(), 'status')).code).toBe(EXIT.ok);
  });
});
