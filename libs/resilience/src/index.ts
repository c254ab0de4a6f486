export { ClassifiedError, isClassifiedError, retryClassOf, type ClassifiedErrorOptions, type RetryClass } from './domain/classified-error';
export { BreakerOpenError, BudgetExhaustedError, CallTimeoutError, RESILIENCE_ERROR_CODES } from './domain/resilience.errors';
export { backoffDelay, type BackoffOptions } from './domain/backoff-delay';
export {
  BreakerRegistry,
  defaultCountsAsFailure,
  type BreakerCallEvent,
  type BreakerCallOutcome,
  type BreakerRegistryOptions,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerStateChange,
} from './infrastructure/breaker-registry';
export { RequestBudget, withJitter, type BudgetLimits, type BudgetScope, type RequestBudgetOptions } from './infrastructure/request-budget';
export { THROTTLE_LANES, currentLane, runInLane, type ThrottleLane } from './infrastructure/throttle-lane';
