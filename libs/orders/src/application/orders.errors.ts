import type { FieldError } from '../domain/intake-rules';

/** Application-level outcomes the API maps to problem+json (no HTTP types in libs). */
export class OrderValidationError extends Error {
  readonly code = 'ORDER_VALIDATION_FAILED';

  constructor(readonly errors: FieldError[]) {
    super('The order is not valid');
  }
}

export class OrderForbiddenError extends Error {
  readonly code = 'ORDER_FORBIDDEN';
}

export class OrderNotFoundError extends Error {
  readonly code = 'ORDER_NOT_FOUND';

  constructor(id: string) {
    super(`Order ${id} not found`);
  }
}

export class OrderConflictError extends Error {
  readonly code = 'ORDER_CONFLICT';

  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

export class IdempotencyKeyMismatchError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor() {
    super('This Idempotency-Key was used with a different request body');
  }
}

export class IdempotencyKeyInProgressError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_IN_PROGRESS';

  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly');
  }
}
