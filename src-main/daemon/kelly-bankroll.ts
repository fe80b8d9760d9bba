import type { Order } from '@shared/domain/order';
import { PolydeskError } from '@shared/errors';
import { divCeil, divFloor, MICROS_PER_UNIT } from '@shared/math/decimal';
import { isFinalExchangeState, isFinalOrderState, openSizeOf } from './order-ledger';

const UNIT = BigInt(MICROS_PER_UNIT);

/** The wallet's figures, read now, that Kelly sizing starts from (ExecutionContext.wallet). */
export interface WalletView {
  /** Collateral as the exchange reports it: reserved by open BUYs included, matched BUYs paid. */
  collateralMicros: number;
  /** The order's token as the exchange reports it: reserved by open SELLs in, matched SELLs out. */
  positionMicros: number;
  /** The other outcome token of the order's market, likewise (0 when the market has none). */
  otherPositionMicros: number;
  /** What our fills matched but not CONFIRMED will bring: the exchange credits it at CONFIRMED. */
  pending: {
    /** Shares our pending BUYs of the order's token will credit. */
    buyMicros: number;
    /** Shares our pending BUYs of the other outcome token will credit. */
    otherBuyMicros: number;
    /** Micro-USDC our pending SELLs, of any token, will credit. */
    sellProceedsMicros: number;
  };
  /** Collateral our open BUYs outside the Kelly bankroll reserve: promised, not free. */
  promisedMicros: number;
}

/** The wallet in outcome-state terms (lessons §4): cash and the shares of both outcomes. */
export interface WalletState {
  cashMicros: number;
  /** Shares of the order's token: wealth if it wins is cash + these. */
  heldMicros: number;
  /** Shares of the other outcome: wealth if the order's token loses is cash + these. */
  heldOtherMicros: number;
}

/**
 * Wallet reconstruction. The exchange settles in two steps: at a match the payer is debited at
 * once, what a party receives is credited only at CONFIRMED, and balances include what open
 * orders reserve. So, with every figure read now:
 *   cash      = collateral + proceeds of our pending SELLs − what non-Kelly open BUYs reserve
 *   held      = position in the token + shares of our pending BUYs of it
 *   heldOther = position in the other outcome token + shares of our pending BUYs of it
 * That is the wallet once every matched trade has settled. It depends only on what the exchange
 * reports and on our fills (stored, reloaded after a restart), never on what a strategy
 * remembers, so a strategy created after a restart sizes from exactly what one that lived
 * through the fills does. Cash reserved by open Kelly BUYs stays in: it is still cash, and
 * KellyBankroll.share accounts for it. A trade whose status changes between reading the balances
 * and reading our fills is off by its size until the next reading.
 */
export function walletState(view: WalletView): WalletState {
  return {
    cashMicros: Math.max(
      0,
      view.collateralMicros + view.pending.sellProceedsMicros - view.promisedMicros,
    ),
    heldMicros: view.positionMicros + view.pending.buyMicros,
    heldOtherMicros: view.otherPositionMicros + view.pending.otherBuyMicros,
  };
}

/** The pending and promised figures of WalletView, out of our orders (the daemon's ledgers). */
export function pendingAndPromised(
  orders: Iterable<{ order: Readonly<Order>; inBankroll: boolean }>,
  tokenId: string,
  otherTokenId: string | undefined,
): Pick<WalletView, 'pending' | 'promisedMicros'> {
  let buy = 0;
  let otherBuy = 0;
  let proceeds = 0n;
  let promised = 0n;
  for (const { order, inBankroll } of orders) {
    // A final order is not reconciled any more, so a pending fill of it could stay pending for
    // good: it is left out, its shares missing until the balance shows them.
    if (isFinalOrderState(order.state)) continue;
    const token = order.spec.tokenId;
    for (const eo of order.exchangeOrders) {
      if (eo.side === 'SELL') {
        // At the order's limit: a maker's price, a taker's worst (the taker fee is not taken off).
        proceeds += BigInt(eo.pendingFilled) * BigInt(eo.price);
        continue;
      }
      if (token === tokenId) buy += eo.pendingFilled;
      else if (token === otherTokenId) otherBuy += eo.pendingFilled;
      if (!inBankroll && !isFinalExchangeState(eo.state)) {
        promised += BigInt(openSizeOf(eo)) * BigInt(eo.price);
      }
    }
  }
  return {
    pending: {
      buyMicros: buy,
      otherBuyMicros: otherBuy,
      sellProceedsMicros: Number(divFloor(proceeds, UNIT)),
    },
    promisedMicros: Number(divCeil(promised, UNIT)),
  };
}

/**
 * What an order's fills (confirmed and pending) moved in cash, micro-USDC: paid for a BUY
 * (rounded up), received for a SELL (rounded down). Kelly orders rest post-only, so every fill
 * is at its exchange order's price.
 */
export function filledNotionalMicros(order: Readonly<Order>): number {
  let notional = 0n;
  for (const eo of order.exchangeOrders) {
    notional += BigInt(eo.filled + eo.pendingFilled) * BigInt(eo.price);
  }
  return Number(order.spec.side === 'BUY' ? divCeil(notional, UNIT) : divFloor(notional, UNIT));
}

/** One working Kelly order's hold on the wallet, read from its ledger whenever it is needed. */
export interface KellyClaim {
  conditionId: string;
  tokenId: string;
  side: 'BUY' | 'SELL';
  /** Shares its fills (confirmed and pending) bought or sold, micro-shares. */
  doneMicros: number;
  /** Cash those fills paid (a BUY) or received (a SELL), micro-USDC. */
  notionalMicros: number;
  /** Cash it may still spend (a BUY): the rest of its target at its price, micro-USDC. */
  reservedMicros: number;
  /** Shares it may still sell (a SELL): the rest of its target, micro-shares. */
  reservedSharesMicros: number;
}

/**
 * The claim of a Kelly order, from its ledger view alone (so a restart rebuilds it exactly):
 * the rest of its target is target − fills; what rests on the book is reserved at its price,
 * what is not placed yet at the order's limit, the most it may cost. When the target shrank
 * below what rests, what rests is reserved (it may still fill until it is replaced).
 */
export function kellyClaimOf(order: Readonly<Order>, conditionId: string): KellyClaim {
  const { side, tokenId, maxPrice } = order.spec;
  const done = order.filled + order.pendingFilled;
  const rest = Math.max(0, order.targetSize - done);
  let resting = 0;
  let restingNotional = 0n;
  for (const eo of order.exchangeOrders) {
    if (isFinalExchangeState(eo.state)) continue;
    const open = openSizeOf(eo);
    resting += open;
    restingNotional += BigInt(open) * BigInt(eo.price);
  }
  const unplaced = Math.max(0, rest - resting);
  const buy = side === 'BUY';
  return {
    conditionId,
    tokenId,
    side,
    doneMicros: done,
    notionalMicros: filledNotionalMicros(order),
    reservedMicros: buy
      ? Number(divCeil(restingNotional + BigInt(unplaced) * BigInt(maxPrice), UNIT))
      : 0,
    reservedSharesMicros: buy ? 0 : Math.max(rest, resting),
  };
}

/** A Kelly order's part of the wallet (KellyBankroll.share). */
export interface KellyShare {
  /** The wallet now (walletState). */
  wallet: WalletState;
  /**
   * The wallet as if no other order of its pool had traded. For a BUY: the other Kelly BUYs'
   * fills undone (their cash back, their shares of this market out). For a SELL: the other Kelly
   * SELLs of its token undone (their shares back, their proceeds out).
   */
  base: WalletState;
  /** Cash it may spend: the wallet's cash minus what the other Kelly BUYs reserve, micro-USDC. */
  budgetMicros: number;
  /** What the other Kelly BUYs stake: paid for their fills plus reserved, micro-USDC. */
  othersStakeMicros: number;
  /** What the other Kelly SELLs of its token stake: sold plus still to sell, micro-shares. */
  othersSellingMicros: number;
  /** Shares of its token it may sell: held minus what the other Kelly SELLs of it may sell. */
  sellableMicros: number;
}

/** The share of an order that has the wallet to itself. */
export function aloneShare(wallet: WalletState): KellyShare {
  return {
    wallet,
    base: wallet,
    budgetMicros: wallet.cashMicros,
    othersStakeMicros: 0,
    othersSellingMicros: 0,
    sellableMicros: wallet.heldMicros,
  };
}

/**
 * The Kelly bankroll of one wallet, shared by the Kelly orders working on it (the daemon owns
 * one). Each working order holds a claim, read live from its ledger: a BUY reserves what it may
 * still spend (cash), a SELL the shares it may still sell (selling needs no cash).
 *
 * The rule: the working Kelly orders share one Kelly stake. The BUYs, in whatever markets, form
 * one pool of cash; the SELLs of one token one pool of its shares. An order sizes as if it were
 * the only order of its pool (`base`), which gives K, the Kelly size of what it would still
 * trade alone; it may then take only what K leaves after the others' stakes (what their fills
 * traded plus what they reserve), a BUY never more than the wallet's cash minus the other BUYs'
 * reservations (`budget`: no dollar is promised twice), a SELL never more than the shares held
 * minus the other SELLs' reservations. After each decision the stakes of a pool together are at
 * most the deciding order's K, so together the orders never bet more than the Kelly fraction of
 * the wallet (the largest among them, when beliefs or prices differ), and orders at the same
 * belief and price reach exactly one Kelly position between them, in whatever order they fill.
 * A fill moves a stake from reserved to traded, so it changes nothing for the others; an order
 * that ends leaves, its fills stay in the wallet as any position does, and the others size on
 * what is left. Orders of the other pool (a SELL for a BUY, a BUY or a SELL of the other token
 * for a SELL) are seen through their fills only, as inventory.
 *
 * Nothing is remembered but who works: claims come from the ledgers, the wallet from the
 * exchange, so after a restart the same orders get the same shares. Reading a share and setting
 * a target are synchronous, so no other order decides in between.
 */
export class KellyBankroll {
  private readonly claims = new Map<string, () => KellyClaim>();

  /** Registers a working Kelly order; `claim` is read each time a share is computed. */
  join(orderId: string, claim: () => KellyClaim): void {
    this.claims.set(orderId, claim);
  }

  /** The order ended: what it reserved is released. */
  leave(orderId: string): void {
    this.claims.delete(orderId);
  }

  has(orderId: string): boolean {
    return this.claims.has(orderId);
  }

  /** This order's share of the wallet, given the wallet as it is now. */
  share(orderId: string, wallet: WalletState): KellyShare {
    const own = this.claims.get(orderId)?.();
    if (!own) {
      throw new PolydeskError('INTERNAL', `order ${orderId} has not joined the Kelly bankroll`);
    }
    let reserved = 0;
    let paid = 0;
    let boughtHere = 0;
    let boughtOther = 0;
    let received = 0;
    let sold = 0;
    let selling = 0;
    for (const [id, read] of this.claims) {
      if (id === orderId) continue;
      const other = read();
      if (other.side === 'SELL') {
        if (other.tokenId !== own.tokenId) continue;
        received += other.notionalMicros;
        sold += other.doneMicros;
        selling += other.reservedSharesMicros;
        continue;
      }
      reserved += other.reservedMicros;
      paid += other.notionalMicros;
      if (other.conditionId !== own.conditionId) continue;
      if (other.tokenId === own.tokenId) boughtHere += other.doneMicros;
      else boughtOther += other.doneMicros;
    }
    const base: WalletState =
      own.side === 'BUY'
        ? {
            cashMicros: wallet.cashMicros + paid,
            heldMicros: Math.max(0, wallet.heldMicros - boughtHere),
            heldOtherMicros: Math.max(0, wallet.heldOtherMicros - boughtOther),
          }
        : {
            cashMicros: Math.max(0, wallet.cashMicros - received),
            heldMicros: wallet.heldMicros + sold,
            heldOtherMicros: wallet.heldOtherMicros,
          };
    return {
      wallet,
      base,
      budgetMicros: Math.max(0, wallet.cashMicros - reserved),
      othersStakeMicros: paid + reserved,
      othersSellingMicros: sold + selling,
      sellableMicros: Math.max(0, wallet.heldMicros - selling),
    };
  }
}
