import { ClassifiedError } from '@nce/resilience';
import type { IntakeRefusalCode } from './change-intake-rules';

/** Outcomes the API maps to problem+json; `code` is stable (issue-17 contract). */
export class ChangeRefusedError extends Error {
  constructor(readonly code: IntakeRefusalCode | 'CHANGE_IN_FLIGHT', message: string, readonly status: 409 | 422) {
    super(message);
  }
}

export class ChangeValidationError extends Error {
  readonly code = 'CHANGE_VALIDATION_FAILED';

  constructor(readonly errors: Array<{ field: string; message: string }>) {
    super('The change is not valid');
  }
}

export class SubscriptionChangeNotFoundError extends Error {
  readonly code = 'SUBSCRIPTION_CHANGE_NOT_FOUND';

  constructor(id: string) {
    super(`Subscription change ${id} not found`);
  }
}

export class SubscriptionCopyNotFoundError extends Error {
  readonly code = 'SUBSCRIPTION_NOT_FOUND';

  constructor(id: string) {
    super(`Subscription ${id} not found`);
  }
}

/** We have not read this subscription from Partner Center yet (just bought): retry shortly. */
export class SubscriptionNotSyncedError extends Error {
  readonly code = 'SUBSCRIPTION_NOT_SYNCED';

  constructor(id: string) {
    super(`Subscription ${id} is still being read from Partner Center; try again in a few seconds`);
  }
}

export class ChangeForbiddenError extends Error {
  readonly code = 'CHANGE_FORBIDDEN';
}

/**
 * Partner Center answered something that is neither a refusal nor success (a stale If-Match 412, 409
 * "operation pending", 401): the job retries with back-off, reads back and resends the same MS-RequestId.
 */
export class ChangeOutcomeUnknownError extends ClassifiedError {
  constructor(cause: unknown) {
    super({ retryClass: 'transient', code: 'SUBSCRIPTION_CHANGE_OUTCOME_UNKNOWN', message: `Partner Center did not settle the change: ${cause instanceof Error ? cause.message : String(cause)}`, cause });
  }
}
