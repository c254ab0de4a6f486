import { DomainError, type FieldProblem, InvalidFieldsError } from '@nce/contracts';

export type { FieldProblem } from '@nce/contracts';

/** Outcomes the API maps to problem+json; stable codes and kinds, no HTTP types (STYLE.md 7). */
export abstract class NotificationsError extends DomainError {}

export class WebhookValidationError extends InvalidFieldsError {
  readonly code = 'WEBHOOK_VALIDATION_FAILED';

  constructor(errors: FieldProblem[]) {
    super(errors, 'The webhook endpoint is not valid');
  }
}

export class WebhookEndpointNotFoundError extends NotificationsError {
  readonly code = 'WEBHOOK_ENDPOINT_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Webhook endpoint ${id} not found`);
  }
}

export class WebhookDeliveryNotFoundError extends NotificationsError {
  readonly code = 'WEBHOOK_DELIVERY_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Webhook delivery ${id} not found`);
  }
}

export class WebhookConflictError extends NotificationsError {
  readonly code = 'WEBHOOK_CONFLICT';
  readonly kind = 'conflict';
}

/** A URL the SSRF guard refuses (creation or delivery time). */
export class WebhookUrlRefusedError extends NotificationsError {
  readonly code = 'WEBHOOK_URL_REFUSED';
  readonly kind = 'invalid';

  constructor(message: string) {
    super(message, 'url');
  }
}

export class WebhookForbiddenError extends NotificationsError {
  readonly code = 'WEBHOOK_FORBIDDEN';
  readonly kind = 'forbidden';
}
