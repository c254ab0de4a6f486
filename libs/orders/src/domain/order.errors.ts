import { DomainError, type FieldProblem, InvalidFieldsError } from '@nce/contracts';

/**
 * The orders context's refusals, one file (STYLE.md 7): stable codes and kinds; the API maps them to
 * problem+json, workers to retry / no retry. No HTTP types here.
 */
export class OrderValidationError extends InvalidFieldsError {
  readonly code = 'ORDER_VALIDATION_FAILED';

  constructor(errors: FieldProblem[]) {
    super(errors, 'The order is not valid');
  }
}

export class OrderForbiddenError extends DomainError {
  readonly code = 'ORDER_FORBIDDEN';
  readonly kind = 'forbidden';
}

export class OrderNotFoundError extends DomainError {
  readonly code = 'ORDER_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Order ${id} not found`);
  }
}

/** The request contradicts what is stored (e.g. the customer's linked tenant); `field` names the input. */
export class OrderConflictError extends DomainError {
  readonly code = 'ORDER_CONFLICT';
  readonly kind = 'conflict';
}

export class IdempotencyKeyMismatchError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'conflict';

  constructor() {
    super('This Idempotency-Key was used with a different request body');
  }
}

export class IdempotencyKeyInProgressError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_IN_PROGRESS';
  readonly kind = 'conflict';

  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly');
  }
}

/** The order's state forbids the change (its state machine, checkout, a terminal status, a racing writer). */
export abstract class OrderStateError extends DomainError {
  readonly kind = 'conflict';
}

export class IllegalTransitionError extends OrderStateError {
  readonly code = 'ORDER_ILLEGAL_TRANSITION';

  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`An order cannot go from ${from} to ${to}`);
  }
}

export class CheckoutAlreadyRecordedError extends OrderStateError {
  readonly code = 'ORDER_CHECKOUT_RECORDED';

  constructor() {
    super('The order has reached checkout at Microsoft and can no longer be cancelled');
  }
}

export class OrderTerminalError extends OrderStateError {
  readonly code = 'ORDER_TERMINAL';

  constructor(readonly status: string) {
    super(`The order is already ${status}`);
  }
}

export class NoActionRequiredError extends OrderStateError {
  readonly code = 'ORDER_NO_ACTION_REQUIRED';

  constructor(readonly expected: string) {
    super(`The order is not waiting for ${expected}`);
  }
}

/** A racing writer changed the order first; a worker's next attempt re-reads it. */
export class ConcurrentOrderUpdateError extends OrderStateError {
  readonly code = 'ORDER_CONCURRENT_UPDATE';

  constructor(readonly orderId: string) {
    super(`Order ${orderId} was changed by another writer`);
  }
}

export class SubscriptionNotFoundError extends DomainError {
  readonly code = 'SUBSCRIPTION_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Subscription ${id} not found`);
  }
}
