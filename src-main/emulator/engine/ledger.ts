export const COLLATERAL = 'COLLATERAL';

interface Holding {
  balance: bigint;
  reserved: bigint;
}

/**
 * Balances per account (lower-case address) and asset (`COLLATERAL` or a token id), with the part
 * reserved by open orders. New accounts are funded with `autoFundMicros` of collateral.
 */
export class Ledger {
  private readonly accounts = new Map<string, Map<string, Holding>>();

  constructor(private readonly autoFundMicros: bigint) {}

  has(account: string): boolean {
    return this.accounts.has(account.toLowerCase());
  }

  private holdings(account: string): Map<string, Holding> {
    const key = account.toLowerCase();
    let map = this.accounts.get(key);
    if (!map) {
      map = new Map();
      map.set(COLLATERAL, { balance: this.autoFundMicros, reserved: 0n });
      this.accounts.set(key, map);
    }
    return map;
  }

  private holding(account: string, asset: string): Holding {
    const map = this.holdings(account);
    let h = map.get(asset);
    if (!h) {
      h = { balance: 0n, reserved: 0n };
      map.set(asset, h);
    }
    return h;
  }

  /** Touches an account so that auto-funding happens now. */
  open(account: string): void {
    this.holdings(account);
  }

  balance(account: string, asset: string): bigint {
    return this.holding(account, asset).balance;
  }

  reserved(account: string, asset: string): bigint {
    return this.holding(account, asset).reserved;
  }

  available(account: string, asset: string): bigint {
    const h = this.holding(account, asset);
    return h.balance - h.reserved;
  }

  credit(account: string, asset: string, amount: bigint): void {
    this.holding(account, asset).balance += amount;
  }

  debit(account: string, asset: string, amount: bigint): void {
    this.holding(account, asset).balance -= amount;
  }

  reserve(account: string, asset: string, amount: bigint): void {
    this.holding(account, asset).reserved += amount;
  }

  release(account: string, asset: string, amount: bigint): void {
    this.holding(account, asset).reserved -= amount;
  }

  /** Token holdings with a non-zero balance: [tokenId, balance]. */
  positions(account: string): [string, bigint][] {
    const out: [string, bigint][] = [];
    for (const [asset, h] of this.holdings(account)) {
      if (asset !== COLLATERAL && h.balance !== 0n) out.push([asset, h.balance]);
    }
    return out;
  }
}
