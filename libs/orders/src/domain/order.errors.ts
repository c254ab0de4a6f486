/** Domain errors carry a stable code; the API maps codes to problem+json, workers to retry classes. */
export abstract class OrderDomainError extends Error {
  abstract readonly code: string;
}

export class IllegalTransitionError extends OrderDomainError {
  readonly code = 'ORDER_ILLEGAL_TRANSITION';

  constructor(readonly from: string, readonly to: string) {
    super(`An order cannot go from ${from} to ${to}`);
  }
}

export class CheckoutAlreadyRecordedError extends OrderDomainError {
  readonly code = 'ORDER_CHECKOUT_RECORDED';

  constructor() {
    super('The order has reached checkout at Microsoft and can no longer be cancelled');
  }
}

export class OrderTerminalError extends OrderDomainError {
  readonly code = 'ORDER_TERMINAL';

  constructor(readonly status: string) {
    super(`The order is already ${status}`);
  }
}

export class NoActionRequiredError extends OrderDomainError {
  readonly code = 'ORDER_NO_ACTION_REQUIRED';

  constructor(readonly expected: string) {
    super(`The order is not waiting for ${expected}`);
  }
}

export class ConcurrentOrderUpdateError extends OrderDomainError {
  readonly code = 'ORDER_CONCURRENT_UPDATE';

  constructor(readonly orderId: string) {
    super(`Order ${orderId} was changed by another writer`);
  }
}
