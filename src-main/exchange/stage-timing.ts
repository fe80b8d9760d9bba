/**
 * Optional timestamps of the order path inside the exchange adapter, for the reaction benchmark.
 * Absent by default: each hook site is a single optional call (`timer?.mark(...)`), so production
 * pays nothing for it. The timer reads its own clock.
 */
export type ExchangeStage =
  /** A market-channel frame arrived (before it is parsed). */
  | 'stream-received'
  /** The frame's events are applied to the local books (before listeners are called). */
  | 'book-applied'
  /** prepareOrder was called. */
  | 'prepare-start'
  /** The client has built the order struct and asks the signer to sign it. */
  | 'order-built'
  /** The signer returned the signature. */
  | 'order-signed'
  /** prepareOrder returns the prepared order (id computed, amounts checked). */
  | 'order-prepared'
  /** submitPrepared hands the signed order to the client (rate-limit token taken). */
  | 'post-sent'
  /** The client returned the POST /order reply. */
  | 'post-answered';

export interface StageTimer {
  mark(stage: ExchangeStage): void;
}
