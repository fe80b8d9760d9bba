import type { z } from 'zod';
import { PolydeskError, parseOrThrow } from '@shared/errors';
import { calls, isCallName } from '@shared/ipc/contract';
import type { CallName, CallParsedParams, CallResult } from '@shared/ipc/contract';
import type { CallOutcome } from '@shared/ipc/wire';
import type { Logger } from '../host/logger';

/** Who is calling: the transport fills it in, handlers may log it. */
export interface CallContext {
  transport: 'electron' | 'web';
  client: string;
}

export type CallHandlers = {
  [N in CallName]: (
    params: CallParsedParams<N>,
    context: CallContext,
  ) => Promise<CallResult<N>> | CallResult<N>;
};

/**
 * The single entry point of every call, whatever the transport: checks the method name, validates
 * the params with the contract's schema, runs the handler, validates the result, and turns every
 * failure into a typed error outcome. It never throws.
 */
export class Dispatcher {
  constructor(
    private readonly handlers: CallHandlers,
    private readonly logger: Logger,
  ) {}

  async dispatch(method: unknown, params: unknown, context: CallContext): Promise<CallOutcome> {
    try {
      if (!isCallName(method)) {
        throw new PolydeskError('UNKNOWN_METHOD', `Unknown method: ${describe(method)}`);
      }
      const result = await this.run(method, params ?? {}, context);
      return { ok: true, result };
    } catch (err) {
      const error = PolydeskError.from(err);
      if (error.code === 'INTERNAL') {
        this.logger.error({ method: describe(method), err }, 'call failed');
      }
      return { ok: false, error: error.toPayload() };
    }
  }

  private async run<N extends CallName>(
    method: N,
    rawParams: unknown,
    context: CallContext,
  ): Promise<CallResult<N>> {
    const definition = calls[method];
    const schema: z.ZodType<unknown> = definition.params;
    const params = parseOrThrow(schema, rawParams, `params of ${method}`);
    const handler = this.handlers[method] as (
      p: unknown,
      c: CallContext,
    ) => Promise<CallResult<N>> | CallResult<N>;
    const result = await handler(params, context);
    const checked = definition.result.safeParse(result);
    if (!checked.success) {
      throw new PolydeskError('INTERNAL', `The host produced an invalid reply to ${method}`);
    }
    return checked.data as CallResult<N>;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 100));
  return typeof value;
}
