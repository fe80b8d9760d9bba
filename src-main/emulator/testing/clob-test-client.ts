import { Chain, ClobClient, createL2Headers, type ApiKeyCreds } from '@polymarket/clob-client-v2';
import { Wallet } from 'ethers';
import WebSocket from 'ws';

/** Hardhat account #0: a publicly known test key, never a real wallet. */
export const HARDHAT_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/** The signer shape clob-client-v2 expects (ethers v5 style), backed by an ethers v6 Wallet. */
export function ethersV6Signer(wallet: Wallet) {
  return {
    getAddress: async (): Promise<string> => wallet.address,
    _signTypedData: (
      domain: Record<string, unknown>,
      types: Record<string, { name: string; type: string }[]>,
      value: Record<string, unknown>,
    ): Promise<string> => wallet.signTypedData(domain, types, value),
  };
}

export interface TestTrader {
  wallet: Wallet;
  creds: ApiKeyCreds;
  client: ClobClient;
}

/** A fresh wallet (or the given key) with API credentials, driving the emulator through the official client. */
export async function newTrader(
  restUrl: string,
  chainId: number,
  privateKey?: string,
): Promise<TestTrader> {
  const wallet = privateKey ? new Wallet(privateKey) : Wallet.createRandom();
  const signer = ethersV6Signer(wallet as Wallet);
  const chain = chainId === 80002 ? Chain.AMOY : Chain.POLYGON;
  const l1 = new ClobClient({ host: restUrl, chain, signer });
  const creds = await l1.createOrDeriveApiKey();
  const client = new ClobClient({ host: restUrl, chain, signer, creds });
  return { wallet: wallet as Wallet, creds, client };
}

/** POST /_emulator/redeem signed with the trader's L2 credentials (the paper-only redeem). */
export async function postRedeem(
  restUrl: string,
  trader: TestTrader,
  conditionId: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const requestPath = '/_emulator/redeem';
  const body = JSON.stringify({ conditionId });
  const headers = await createL2Headers(ethersV6Signer(trader.wallet), trader.creds, {
    method: 'POST',
    requestPath,
    body,
  });
  const res = await fetch(`${restUrl}${requestPath}`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A WebSocket that records every message (JSON-parsed where possible) and the close code. */
export class RecordingSocket {
  readonly messages: unknown[] = [];
  closeCode: number | null = null;
  readonly ws: WebSocket;
  private readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => {
      const text = data.toString();
      try {
        this.messages.push(JSON.parse(text));
      } catch {
        this.messages.push(text);
      }
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  async open(): Promise<this> {
    await this.opened;
    return this;
  }

  send(payload: unknown): void {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  /** Messages flattened (initial dumps arrive as arrays) and filtered by event_type. */
  events(type: string): Record<string, unknown>[] {
    return this.messages
      .flatMap((m) => (Array.isArray(m) ? m : [m]))
      .filter(
        (m): m is Record<string, unknown> =>
          typeof m === 'object' &&
          m !== null &&
          (m as { event_type?: unknown }).event_type === type,
      );
  }

  async waitFor(predicate: (m: unknown[]) => boolean, timeoutMs = 5_000): Promise<void> {
    await eventually(() => (predicate(this.messages) ? true : undefined), timeoutMs);
  }

  async closed(timeoutMs = 5_000): Promise<number> {
    return eventually(() => this.closeCode ?? undefined, timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }
}
