import { DomainError, type ErrorKind, InvalidFieldsError } from '@nce/contracts';
import { ClassifiedError } from '@nce/resilience';

/** The NCE rules a requested change can break (checked at intake on our copy). */
export type IntakeRefusalCode =
  'REDUCTION_EXCEEDS_REFUNDABLE' | 'REFUND_WINDOW_CLOSED' | 'QUANTITY_OUT_OF_RANGE' | 'SUBSCRIPTION_NOT_ACTIVE';
export type IntakeChangeRefusalCode = IntakeRefusalCode | 'CHANGE_IN_FLIGHT';

// The state of the subscription refuses the change (409); the request itself breaks an NCE rule (422,
// status by code at the API edge).
const CONFLICT_CODES: ReadonlySet<IntakeChangeRefusalCode> = new Set(['CHANGE_IN_FLIGHT', 'SUBSCRIPTION_NOT_ACTIVE']);

/** A change refused at intake; `code` is stable (issue-17 contract) and shown to clients. */
export class ChangeRefusedError extends DomainError {
  readonly kind: ErrorKind;

  constructor(
    readonly code: IntakeChangeRefusalCode,
    message: string,
  ) {
    super(message);
    this.kind = CONFLICT_CODES.has(code) ? 'conflict' : 'invalid';
  }
}

export class ChangeValidationError extends InvalidFieldsError {
  readonly code = 'CHANGE_VALIDATION_FAILED';

  constructor(errors: Array<{ field: string; message: string }>) {
    super(errors, 'The change is not valid');
  }
}

export class SubscriptionChangeNotFoundError extends DomainError {
  readonly code = 'SUBSCRIPTION_CHANGE_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Subscription change ${id} not found`);
  }
}

export class SubscriptionCopyNotFoundError extends DomainError {
  readonly code = 'SUBSCRIPTION_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Subscription ${id} not found`);
  }
}

/** We have not read this subscription from Partner Center yet (just bought): retry shortly. */
export class SubscriptionNotSyncedError extends DomainError {
  readonly code = 'SUBSCRIPTION_NOT_SYNCED';
  readonly kind = 'conflict';

  constructor(id: string) {
    super(`Subscription ${id} is still being read from Partner Center; try again in a few seconds`);
  }
}

export class ChangeForbiddenError extends DomainError {
  readonly code = 'CHANGE_FORBIDDEN';
  readonly kind = 'forbidden';
}

/**
 * Partner Center answered something that is neither a refusal nor success (a stale If-Match 412, 409
 * "operation pending", 401): the job retries with back-off, reads back and resends the same MS-RequestId.
 */
export class ChangeOutcomeUnknownError extends ClassifiedError {
  constructor(cause: unknown) {
    super({
      retryClass: 'transient',
      code: 'SUBSCRIPTION_CHANGE_OUTCOME_UNKNOWN',
      message: `Partner Center did not settle the change: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    });
  }
}

export class IllegalChangeTransitionError extends DomainError {
  readonly code = 'ILLEGAL_CHANGE_TRANSITION';
  readonly kind = 'conflict';

  constructor(from: string, to: string) {
    super(`A subscription change cannot go from ${from} to ${to}`);
  }
}
