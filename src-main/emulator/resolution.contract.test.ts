import { AssetType, OrderType, Side } from '@polymarket/clob-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorMarketInfo } from './index.js';
import { NOT_RESOLVED } from './server/redemption.js';
import { eventually, newTrader, postRedeem, type TestTrader } from './testing/clob-test-client.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 41 });
});
afterAll(async () => {
  await emu.stop();
});

function market(slug: string): EmulatorMarketInfo {
  const found = emu.markets.find((m) => m.slug === slug);
  if (!found) throw new Error(`no market ${slug}`);
  return found;
}

async function balance(t: TestTrader, tokenId?: string): Promise<bigint> {
  const reply = await t.client.getBalanceAllowance(
    tokenId === undefined
      ? { asset_type: AssetType.COLLATERAL }
      : { asset_type: AssetType.CONDITIONAL, token_id: tokenId },
  );
  return BigInt(reply.balance);
}

/** Buys `shares` of a token at its best ask and waits until they are credited (CONFIRMED). */
async function buyShares(t: TestTrader, tokenId: string, shares: number): Promise<void> {
  const book = await t.client.getOrderBook(tokenId);
  const ask = Number(book.asks.at(-1)?.price);
  const reply = (await t.client.createAndPostOrder(
    { tokenID: tokenId, price: ask, size: shares, side: Side.BUY },
    undefined,
    OrderType.GTC,
  )) as { status?: string };
  expect(reply.status).toBe('matched');
  await eventually(async () =>
    (await balance(t, tokenId)) === BigInt(shares) * 1_000_000n ? true : undefined,
  );
}

async function resolve(conditionId: string, winner: 'Yes' | 'No'): Promise<Response> {
  return fetch(`${emu.restUrl}/_emulator/resolve`, {
    method: 'POST',
    body: JSON.stringify({ conditionId, winner }),
  });
}

describe('resolution and redeem (paper only)', () => {
  it('refuses a redeem before resolution, then pays 1 pUSD per winning share once', async () => {
    const harbour = market('city-council-majority-2028-harbour-party');
    expect(harbour.negRisk).toBe(true);
    const t = await newTrader(emu.restUrl, emu.chainId);
    await buyShares(t, harbour.yesTokenId, 10);
    const book = await t.client.getOrderBook(harbour.yesTokenId);
    const resting = await t.client.createAndPostOrder({
      tokenID: harbour.yesTokenId,
      price: Number(book.bids.at(-1)?.price) - 0.02,
      size: 5,
      side: Side.BUY,
    });
    expect(resting.status).toBe('live');

    const early = await postRedeem(emu.restUrl, t, harbour.conditionId);
    expect(early).toEqual({ status: 400, body: { error: NOT_RESOLVED } });
    expect(await balance(t, harbour.yesTokenId)).toBe(10_000_000n);

    expect((await resolve(harbour.conditionId, 'Yes')).status).toBe(200);
    expect((await t.client.getOrder(resting.orderID)).status).toBe('CANCELED_MARKET_RESOLVED');
    const before = await balance(t);

    const first = await postRedeem(emu.restUrl, t, harbour.conditionId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      conditionId: harbour.conditionId,
      winner: 'Yes',
      winningTokenId: harbour.yesTokenId,
      payoutMicros: '10000000',
      payout: '10',
      redeemed: [
        {
          account: t.wallet.address.toLowerCase(),
          tokenId: harbour.yesTokenId,
          outcome: 'Yes',
          sharesMicros: '10000000',
          payoutMicros: '10000000',
        },
      ],
    });
    expect(first.body.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await balance(t)).toBe(before + 10_000_000n);
    expect(await balance(t, harbour.yesTokenId)).toBe(0n);

    const second = await postRedeem(emu.restUrl, t, harbour.conditionId);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ payoutMicros: '0', redeemed: [] });
    expect(await balance(t)).toBe(before + 10_000_000n);
  });

  it('burns losing shares for nothing', async () => {
    const lander = market('lunar-lander-touchdown-2027');
    const t = await newTrader(emu.restUrl, emu.chainId);
    await buyShares(t, lander.noTokenId, 5);
    expect((await resolve(lander.conditionId, 'Yes')).status).toBe(200);
    const before = await balance(t);
    const reply = await postRedeem(emu.restUrl, t, lander.conditionId);
    expect(reply.body).toMatchObject({
      winner: 'Yes',
      payoutMicros: '0',
      redeemed: [{ tokenId: lander.noTokenId, outcome: 'No', sharesMicros: '5000000' }],
    });
    expect(await balance(t)).toBe(before);
    expect(await balance(t, lander.noTokenId)).toBe(0n);
  });

  it('needs L2 headers and a known market', async () => {
    const fed = market('fed-cuts-rates-in-december');
    const unsigned = await fetch(`${emu.restUrl}/_emulator/redeem`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: fed.conditionId }),
    });
    expect(unsigned.status).toBe(401);
    const t = await newTrader(emu.restUrl, emu.chainId);
    const unknown = await postRedeem(emu.restUrl, t, `0x${'ab'.repeat(32)}`);
    expect(unknown).toEqual({ status: 404, body: { error: 'market not found' } });
    const malformed = await postRedeem(emu.restUrl, t, 'fed');
    expect(malformed.status).toBe(400);
  });
});

describe('scheduled resolution', () => {
  it('resolves the short market on its schedule by its own price, visible in Gamma', async () => {
    const local = await startEmulator({
      syntheticFlow: false,
      seed: 3,
      scheduledResolutionMs: 300,
    });
    try {
      const short = local.markets.find((m) => m.slug === 'btc-up-in-next-10-minutes');
      if (!short) throw new Error('short market missing');
      const gammaMarket = async (): Promise<Record<string, unknown>> =>
        (await (await fetch(`${local.gammaUrl}/markets/slug/${short.slug}`)).json()) as Record<
          string,
          unknown
        >;
      const open = await gammaMarket();
      expect(open).toMatchObject({ closed: false, acceptingOrders: true });
      const endMs = Date.parse(String(open.endDate));
      expect(Math.abs(endMs - (Date.now() + 300))).toBeLessThan(2_000);
      const closed = await eventually(async () => {
        const m = await gammaMarket();
        return m.closed === true ? m : undefined;
      });
      // The flow is off, so the seeded book's mid (0.50) decides: Yes.
      expect(closed).toMatchObject({
        acceptingOrders: false,
        outcomePrices: '["1","0"]',
        umaResolutionStatus: 'resolved',
      });
      const clob = (await (
        await fetch(`${local.restUrl}/markets/${short.conditionId}`)
      ).json()) as {
        closed: boolean;
        tokens: { winner: boolean }[];
      };
      expect(clob.closed).toBe(true);
      expect(clob.tokens.map((tk) => tk.winner)).toEqual([true, false]);
      const others = local.markets.filter((m) => m.slug !== short.slug);
      const still = (await (await fetch(`${local.gammaUrl}/markets?closed=true`)).json()) as {
        conditionId: string;
      }[];
      expect(still.map((m) => m.conditionId)).toEqual([short.conditionId]);
      expect(others.length).toBe(local.markets.length - 1);
    } finally {
      await local.stop();
    }
  });

  it('is off by default', async () => {
    const local = await startEmulator({ syntheticFlow: false, seed: 3 });
    try {
      await new Promise((r) => setTimeout(r, 400));
      const closed = (await (await fetch(`${local.gammaUrl}/markets?closed=true`)).json()) as [];
      expect(closed).toEqual([]);
    } finally {
      await local.stop();
    }
  });
});
