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
