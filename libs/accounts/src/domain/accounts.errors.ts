import { DomainError } from '@nce/contracts';

/** The accounts context's refusals: stable codes and kinds (STYLE.md 7); the edges map the kinds. */
export abstract class AccountsDomainError extends DomainError {}

export class CustomerNotFoundError extends AccountsDomainError {
  readonly code = 'CUSTOMER_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Customer ${id} not found`);
  }
}

export class PartnerNotFoundError extends AccountsDomainError {
  readonly code = 'PARTNER_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`Partner ${id} not found`);
  }
}

export class ApiKeyNotFoundError extends AccountsDomainError {
  readonly code = 'API_KEY_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`API key ${id} not found`);
  }
}

export class ApiKeyForbiddenError extends AccountsDomainError {
  readonly code = 'API_KEY_FORBIDDEN';
  readonly kind = 'forbidden';
}

export class ApiKeyRevokedError extends AccountsDomainError {
  readonly code = 'API_KEY_REVOKED';
  readonly kind = 'conflict';

  constructor(id: string) {
    super(`API key ${id} is revoked or expired`);
  }
}
