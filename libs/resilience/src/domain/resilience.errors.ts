import { ClassifiedError } from './classified-error';

export const RESILIENCE_ERROR_CODES = {
  breakerOpen: 'BREAKER_OPEN',
  budgetExhausted: 'BUDGET_EXHAUSTED',
  callTimeout: 'CALL_TIMEOUT',
} as const;

/** The dependency's breaker is open: the call was not attempted. */
export class BreakerOpenError extends ClassifiedError {
  constructor(
    readonly dependency: string,
    retryAfterMs: number,
  ) {
    super({
      retryClass: 'upstream_unavailable',
      code: RESILIENCE_ERROR_CODES.breakerOpen,
      message: `Circuit breaker for ${dependency} is open`,
      retryAfterMs,
    });
  }
}

/** The shared request budget has no room within the allowed wait: the request was never sent. */
export class BudgetExhaustedError extends ClassifiedError {
  /** The throttle lane of the refused call (a re-check is re-queued behind other work). */
  constructor(
    readonly scope: string,
    retryAfterMs: number,
    readonly lane?: string,
  ) {
    super({
      retryClass: 'throttled',
      code: RESILIENCE_ERROR_CODES.budgetExhausted,
      message: `Request budget exhausted for ${scope}`,
      retryAfterMs,
    });
  }
}

/** A call guarded by a breaker exceeded its timeout; its outcome upstream is unknown. */
export class CallTimeoutError extends ClassifiedError {
  constructor(
    readonly dependency: string,
    readonly timeoutMs: number,
  ) {
    super({
      retryClass: 'transient',
      code: RESILIENCE_ERROR_CODES.callTimeout,
      message: `Call to ${dependency} timed out after ${timeoutMs} ms`,
    });
  }
}
