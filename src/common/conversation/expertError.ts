/** Every way an expert call can fail, so callers can decide on retry/failover without string matching. */
export type ExpertErrorKind =
  | 'connectionRefused'
  | 'connectionReset'
  | 'connectTimeout'
  | 'idleTimeout'
  | 'rateLimited'
  | 'serverError'
  | 'authFailed'
  | 'notFound'
  | 'badRequest'
  | 'httpError'
  | 'streamError'
  | 'malformedStream'
  | 'truncatedStream'
  | 'notEventStream'
  | 'unavailable';

/** Transient before the first token: worth one retry on the same expert. */
const RETRYABLE: ReadonlySet<ExpertErrorKind> = new Set([
  'connectionRefused',
  'connectionReset',
  'rateLimited',
  'serverError',
]);

export interface ExpertErrorOptions {
  status?: number;
  /** Server-requested delay from `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** Text streamed before the failure; kept so the user does not lose a partial answer. */
  partialText?: string;
  cause?: unknown;
}

export class ExpertError extends Error {
  override readonly name = 'ExpertError';
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly partialText: string;

  constructor(
    readonly kind: ExpertErrorKind,
    readonly expertId: string,
    message: string,
    options: ExpertErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.partialText = options.partialText ?? '';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** A copy that remembers the text streamed before the failure. */
  withPartialText(partialText: string): ExpertError {
    return new ExpertError(this.kind, this.expertId, this.message, {
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      partialText,
      cause: this.cause,
    });
  }
}

export function isExpertError(value: unknown): value is ExpertError {
  return value instanceof ExpertError;
}
