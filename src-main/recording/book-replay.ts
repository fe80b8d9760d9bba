import type { OrderBook } from '@shared/math/order-book';
import type { TopOfBookState } from '@shared/math/stoikov';
import type { BookRecord } from './recording-format';

interface Book {
  tickMicros: number;
  bids: Map<number, number>;
  asks: Map<number, number>;
}

/**
 * Rebuilds books from recorded book records: a snapshot replaces the token's book, a delta sets
 * the sizes it names (0 removes a level). What comes out is the book the monitor saw.
 */
export class BookReplay {
  private readonly books = new Map<string, Book>();

  apply(record: BookRecord): void {
    let book = this.books.get(record.tokenId);
    if (record.kind === 'snapshot' || !book) {
      book = { tickMicros: record.tickMicros, bids: new Map(), asks: new Map() };
      this.books.set(record.tokenId, book);
    }
    book.tickMicros = record.tickMicros;
    for (const [side, levels] of [
      [book.bids, record.bids],
      [book.asks, record.asks],
    ] as const) {
      for (const level of levels) {
        if (level.sizeMicros === 0) side.delete(level.priceMicros);
        else side.set(level.priceMicros, level.sizeMicros);
      }
    }
  }

  tokens(): string[] {
    return [...this.books.keys()];
  }

  /** The token's book, best first on both sides; undefined before its first snapshot. */
  book(tokenId: string): OrderBook | undefined {
    const book = this.books.get(tokenId);
    if (!book) return undefined;
    const levels = (side: Map<number, number>, order: 1 | -1) =>
      [...side.entries()]
        .sort(([a], [b]) => order * (a - b))
        .map(([priceMicros, sizeMicros]) => ({ priceMicros, sizeMicros }));
    return { bids: levels(book.bids, -1), asks: levels(book.asks, 1) };
  }

  /** Best bid and ask with their sizes; null when a side is empty. */
  top(tokenId: string): TopOfBookState | null {
    const book = this.books.get(tokenId);
    if (!book) return null;
    let bidPrice = -1;
    let bidSize = 0;
    for (const [price, size] of book.bids) {
      if (price > bidPrice) {
        bidPrice = price;
        bidSize = size;
      }
    }
    let askPrice = Infinity;
    let askSize = 0;
    for (const [price, size] of book.asks) {
      if (price < askPrice) {
        askPrice = price;
        askSize = size;
      }
    }
    if (bidSize === 0 || askSize === 0) return null;
    return {
      bidPriceMicros: bidPrice,
      bidSizeMicros: bidSize,
      askPriceMicros: askPrice,
      askSizeMicros: askSize,
      tickMicros: book.tickMicros,
    };
  }
}
