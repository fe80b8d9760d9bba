import { z } from 'zod';

/** Every error that crosses a boundary (IPC, CLI, web transport) carries one of these codes. */
export const ErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'STALE_BOOK',
  'RISK_LIMIT',
  'EXCHANGE_REJECTED',
  'EXCHANGE_UNAVAILABLE',
  'READ_ONLY',
  'SHUTTING_DOWN',
  'HOST_UNREACHABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** One problem with one field of an input, as shown next to that field in a form. */
export const FieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const ErrorPayloadSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.array(FieldIssueSchema).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;

/** Errors are values with a code and a human message; transports map them to error replies. */
export class PolydeskError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'PolydeskError';
    this.code = code;
    this.issues = issues;
  }

  toPayload(): ErrorPayload {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  static from(err: unknown): PolydeskError {
    if (err instanceof PolydeskError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new PolydeskError('INTERNAL', message);
  }
}

/** Turns zod issues into field-level messages ("params.size: must be at least 5"). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses with a schema or throws a BAD_REQUEST PolydeskError that names each bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  const first = issues[0];
  const summary = first ? `${first.path || what}: ${first.message}` : 'invalid';
  return throwBadRequest(`Invalid ${what}: ${summary}`, issues);
}

function throwBadRequest(message: string, issues: FieldIssue[]): never {
  throw new PolydeskError('BAD_REQUEST', message, issues);
}
