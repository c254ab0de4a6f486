/**
 * How a caller should react to a failure. Decided once, where the failure is observed, so that
 * workers and the API never re-derive it from messages:
 * - `transient`: retry with exponential back-off and jitter;
 * - `throttled`: wait `retryAfterMs`, then retry without burning an attempt;
 * - `upstream_unavailable`: a breaker is open; delay until it half-opens, no attempt burned;
 * - `permanent`: retrying cannot help.
 */
export type RetryClass = 'transient' | 'throttled' | 'upstream_unavailable' | 'permanent';

export interface ClassifiedErrorOptions {
  retryClass: RetryClass;
  /** A stable code callers may switch on (never the message). */
  code: string;
  message: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** Base of every error that carries its own retry decision. Subclass it; do not throw it bare. */
export abstract class ClassifiedError extends Error {
  readonly retryClass: RetryClass;
  readonly code: string;
  readonly retryAfterMs: number | undefined;

  protected constructor(options: ClassifiedErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryClass = options.retryClass;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs === undefined ? undefined : Math.max(0, Math.ceil(options.retryAfterMs));
  }
}

export function isClassifiedError(error: unknown): error is ClassifiedError {
  return error instanceof ClassifiedError;
}

/** The retry class of anything thrown; unknown errors are treated as transient (a bug shows up as exhausted retries, not as silence). */
export function retryClassOf(error: unknown): RetryClass {
  return isClassifiedError(error) ? error.retryClass : 'transient';
}
