/**
 * A tiny bot that trades against the paper exchange with the unmodified official client.
 * Run against a standalone emulator:  npm run emulator   then   npx tsx src-main/emulator/example-bot.ts
 * (EMULATOR_URL overrides http://127.0.0.1:8080).
 */
import { AssetType, Chain, ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { Wallet } from 'ethers';

const host = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8080';
const wallet = new Wallet('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'); // Hardhat #0, public test key
// clob-client-v2 wants an ethers-v5-shaped signer; an ethers v6 Wallet needs this small adapter.
const signer = {
  getAddress: async () => wallet.address,
  _signTypedData: (
    d: Record<string, unknown>,
    t: Record<string, { name: string; type: string }[]>,
    v: Record<string, unknown>,
  ) => wallet.signTypedData(d, t, v),
};

const creds = await new ClobClient({ host, chain: Chain.POLYGON, signer }).createOrDeriveApiKey();
const client = new ClobClient({ host, chain: Chain.POLYGON, signer, creds });

const market = (await client.getMarkets()).data[0] as {
  question: string;
  tokens: { token_id: string }[];
};
const yes = market.tokens[0]?.token_id as string;
const book = await client.getOrderBook(yes);
const bestBid = Number(book.bids.at(-1)?.price); // best level is LAST
console.log(market.question, 'best bid', bestBid, 'best ask', book.asks.at(-1)?.price);

const resting = await client.createAndPostOrder({
  tokenID: yes,
  price: bestBid - 0.05,
  size: 10,
  side: Side.BUY,
});
console.log('limit order', resting.status, resting.orderID);

const taken = await client.createAndPostMarketOrder(
  { tokenID: yes, amount: 20, side: Side.BUY },
  undefined,
  OrderType.FOK,
);
console.log('market buy', taken.status, 'shares', taken.takingAmount, 'for $', taken.makingAmount);

console.log('open orders', (await client.getOpenOrders()).length);
console.log(
  'pUSD',
  (await client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance,
);
console.log('cancel', await client.cancelAll());
