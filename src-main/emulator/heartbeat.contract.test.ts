import { Side } from '@polymarket/clob-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle, EmulatorMarketInfo } from './index.js';
import { launchEmulator } from './server/emulator-runtime.js';
import { eventually, newTrader, RecordingSocket } from './testing/clob-test-client.js';

let emu: EmulatorHandle;
let fed: EmulatorMarketInfo;

beforeAll(async () => {
  // Same server, with the 10 s dead-man delay shortened so the test does not wait.
  emu = (
    await launchEmulator({ syntheticFlow: false, timing: 'prompt' }, { heartbeatTimeoutMs: 300 })
  ).handle;
  fed = emu.markets[0] as EmulatorMarketInfo;
});

afterAll(async () => {
  await emu.stop();
});

describe('heartbeat dead-man switch', () => {
  it("cancels the silent key's orders, reports it on the user channel and spares other keys", async () => {
    const beating = await newTrader(emu.restUrl, emu.chainId);
    const quiet = await newTrader(emu.restUrl, emu.chainId);
    const user = await new RecordingSocket(`${emu.wsUrl}/ws/user`).open();
    user.send({
      auth: {
        apiKey: beating.creds.key,
        secret: beating.creds.secret,
        passphrase: beating.creds.passphrase,
      },
      type: 'user',
    });

    const hb = await beating.client.postHeartbeat();
    const mine = await beating.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    const theirs = await quiet.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    expect(hb.heartbeat_id).toBeTruthy();

    await eventually(async () =>
      (await beating.client.getOpenOrders()).length === 0 ? true : undefined,
    );
    await user.waitFor(() =>
      user.events('order').some((e) => e.type === 'CANCELLATION' && e.id === mine.orderID),
    );
    expect((await quiet.client.getOpenOrders()).map((o) => o.id)).toEqual([theirs.orderID]);
    // The session ended: the old id is refused and a new chain starts from "".
    expect(await beating.client.postHeartbeat(hb.heartbeat_id)).toMatchObject({ status: 400 });
    expect((await beating.client.postHeartbeat()).heartbeat_id).toBeTruthy();
    user.close();
  });
});
