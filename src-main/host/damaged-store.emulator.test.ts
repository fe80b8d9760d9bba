import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeFile } from '../store/sqlite-store';
import { ConfigSchema } from './config';
import { connectExchangeForMode } from './exchange-link';
import { Host } from './host';
import { silentLogger } from './logger';

const context = { transport: 'web', client: 'test' } as const;

describe('a damaged order database', () => {
  it('is kept aside, and the host runs read-only until restarted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-damaged-'));
    const garbage = 'not a database, just bytes '.repeat(200);
    writeFileSync(storeFile(dataDir, 'PAPER'), garbage);
    const config = ConfigSchema.parse({ paper: { syntheticFlow: false } });
    const host = await Host.start({
      config,
      logger: silentLogger(),
      connectExchange: (cfg, log, credentials) =>
        connectExchangeForMode(cfg, log, dataDir, credentials, {}),
    });
    try {
      const info = await host.dispatcher.dispatch('app.info', {}, context);
      expect(info).toMatchObject({
        ok: true,
        result: {
          readOnly: true,
          problems: [
            expect.stringMatching(
              /order database could not be read.*kept as polydesk\.db\.corrupt-/,
            ),
          ],
        },
      });
      expect(host.health().canTrade).toBe(false);
      const { markets } = await listMarkets(host);
      const tokenId = markets[0]?.tokens[0]?.tokenId ?? '1';
      const refused = await host.dispatcher.dispatch(
        'order.submit',
        {
          tokenId,
          side: 'BUY',
          strategyType: 'micro_price',
          totalSize: '10',
          maxPrice: '0.5',
          minPrice: '0.4',
        },
        context,
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      // Reading and the kill switch still work.
      expect(await host.dispatcher.dispatch('order.cancelAll', {}, context)).toMatchObject({
        ok: true,
      });
      expect(readdirSync(dataDir).some((name) => name.startsWith('polydesk.db.corrupt-'))).toBe(
        true,
      );
    } finally {
      await host.stop();
    }
  }, 30_000);
});

async function listMarkets(host: Host): Promise<{ markets: { tokens: { tokenId: string }[] }[] }> {
  const outcome = await host.dispatcher.dispatch('market.list', {}, context);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.result as { markets: { tokens: { tokenId: string }[] }[] };
}
