import { z } from 'zod';
import { ErrorPayloadSchema } from '../errors';
import type { ErrorPayload } from '../errors';

/** Messages of the web transport (one JSON object per WebSocket frame). */

export const ClientMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  params: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** The outcome of one call, the same shape on every transport. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export const CallOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorPayloadSchema }),
]);

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('reply'),
    id: z.number().int().nullable(),
    outcome: CallOutcomeSchema,
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Electron IPC channel names (main ⇄ preload). */
export const IPC_CALL_CHANNEL = 'polydesk:call';
export const IPC_EVENT_CHANNEL = 'polydesk:event';
