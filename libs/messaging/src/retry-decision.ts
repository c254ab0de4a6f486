import { type ErrorKind, isDomainError } from '@nce/contracts';
import { isDatabaseUnavailable } from '@nce/persistence';
import { isClassifiedError, withJitter } from '@nce/resilience';

/**
 * What a worker does with a job whose handler threw, decided here and nowhere else (STYLE.md 5, 7):
 * - `wait`: "not now" (throttled, breaker open, MySQL down): re-delay without using up an attempt,
 *   else an outage longer than the back-off would leave the job a dead letter;
 * - `stop`: retrying cannot help (BullMQ UnrecoverableError);
 * - `retry`: back-off and try again (an attempt is used).
 */
export type RetryDecision =
  { kind: 'wait'; reason: 'throttled' | 'upstream_unavailable'; delayMs: number } | { kind: 'stop' } | { kind: 'retry' };

const DATABASE_RETRY_MS = 2_000;

// Every kind has an answer (the Record makes the compiler demand a new kind's). Refusals about the
// request itself fail the same way every time; a conflict (a racing writer) is re-read next attempt.
const DECISION_OF_KIND: Record<ErrorKind, 'stop' | 'retry'> = {
  invalid: 'stop',
  not_found: 'stop',
  forbidden: 'stop',
  conflict: 'retry',
  unavailable: 'retry',
};

export function retryDecisionOf(error: unknown, random: () => number = Math.random): RetryDecision {
  if (isClassifiedError(error) && (error.retryClass === 'throttled' || error.retryClass === 'upstream_unavailable')) {
    // Jitter: jobs throttled together must not all come back at the same moment.
    return { kind: 'wait', reason: error.retryClass, delayMs: withJitter(Math.max(250, error.retryAfterMs ?? 5_000), random) };
  }
  // Before the retry class: a lost MySQL connection waits, whatever wrapped it.
  if (isDatabaseUnavailable(error)) return { kind: 'wait', reason: 'upstream_unavailable', delayMs: DATABASE_RETRY_MS };
  if (isClassifiedError(error)) return { kind: error.retryClass === 'permanent' ? 'stop' : 'retry' };
  // Anything else is treated as transient: a bug shows up as exhausted retries, not as silence.
  return isDomainError(error) ? { kind: DECISION_OF_KIND[error.kind] } : { kind: 'retry' };
}
