import { z } from 'zod';

/**
 * The one typed contract between the renderer (or CLI) and the host. Both transports (Electron IPC
 * and the loopback web transport) and the renderer's client are built from these definitions.
 * A call is request → reply; an event is pushed by the host to every connected client.
 */

export const ModeSchema = z.enum(['PAPER', 'LIVE']);
export type Mode = z.infer<typeof ModeSchema>;

/** State of the link to the exchange (the emulator in paper mode, Polymarket in live mode). */
export const ConnectionStateSchema = z.enum(['connecting', 'connected', 'degraded', 'down']);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

const NoParams = z.object({}).strict();

export const AppInfoSchema = z.object({
  name: z.literal('Polydesk'),
  version: z.string(),
  mode: ModeSchema,
  startedAt: z.number().int(),
  uptimeMs: z.number().int().nonnegative(),
  exchangeUrl: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const DaemonHealthSchema = z.object({
  status: z.enum(['starting', 'ok', 'degraded', 'stopping']),
  mode: ModeSchema,
  uptimeMs: z.number().int().nonnegative(),
  connection: ConnectionStateSchema,
  clients: z.number().int().nonnegative(),
});
export type DaemonHealth = z.infer<typeof DaemonHealthSchema>;

/** Pushed once a second and on every change: what the status bar shows. */
export const AppStatusEventSchema = z.object({
  mode: ModeSchema,
  connection: ConnectionStateSchema,
  uptimeMs: z.number().int().nonnegative(),
  at: z.number().int(),
});
export type AppStatusEvent = z.infer<typeof AppStatusEventSchema>;

interface CallDefinition<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  description: string;
}

function call<P extends z.ZodType, R extends z.ZodType>(
  params: P,
  result: R,
  description: string,
): CallDefinition<P, R> {
  return { params, result, description };
}

export const calls = {
  'app.info': call(NoParams, AppInfoSchema, 'Name, version, mode and uptime of the host.'),
  'daemon.health': call(NoParams, DaemonHealthSchema, 'Health of the host and its exchange link.'),
} as const;

export const events = {
  'app.status': AppStatusEventSchema,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallParams<N extends CallName> = z.input<Calls[N]['params']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(calls, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}
