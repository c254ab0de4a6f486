/** Outcomes the API maps to problem+json; stable codes, no HTTP types (STYLE.md 7). */
export abstract class NotificationsError extends Error {
  abstract readonly code: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class WebhookValidationError extends NotificationsError {
  readonly code = 'WEBHOOK_VALIDATION_FAILED';

  constructor(readonly errors: FieldProblem[]) {
    super('The webhook endpoint is not valid');
  }
}

export class WebhookEndpointNotFoundError extends NotificationsError {
  readonly code = 'WEBHOOK_ENDPOINT_NOT_FOUND';

  constructor(id: string) {
    super(`Webhook endpoint ${id} not found`);
  }
}

export class WebhookDeliveryNotFoundError extends NotificationsError {
  readonly code = 'WEBHOOK_DELIVERY_NOT_FOUND';

  constructor(id: string) {
    super(`Webhook delivery ${id} not found`);
  }
}

export class WebhookConflictError extends NotificationsError {
  readonly code = 'WEBHOOK_CONFLICT';
}

/** A URL the SSRF guard refuses (creation or delivery time). */
export class WebhookUrlRefusedError extends NotificationsError {
  readonly code = 'WEBHOOK_URL_REFUSED';
}

export class WebhookForbiddenError extends NotificationsError {
  readonly code = 'WEBHOOK_FORBIDDEN';
}
