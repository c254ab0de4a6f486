export abstract class AccountsDomainError extends Error {
  abstract readonly code: string;
}

export class CustomerNotFoundError extends AccountsDomainError {
  readonly code = 'CUSTOMER_NOT_FOUND';

  constructor(id: string) {
    super(`Customer ${id} not found`);
  }
}

export class PartnerNotFoundError extends AccountsDomainError {
  readonly code = 'PARTNER_NOT_FOUND';

  constructor(id: string) {
    super(`Partner ${id} not found`);
  }
}

export class ApiKeyNotFoundError extends AccountsDomainError {
  readonly code = 'API_KEY_NOT_FOUND';

  constructor(id: string) {
    super(`API key ${id} not found`);
  }
}

export class ApiKeyForbiddenError extends AccountsDomainError {
  readonly code = 'API_KEY_FORBIDDEN';
}

export class ApiKeyRevokedError extends AccountsDomainError {
  readonly code = 'API_KEY_REVOKED';

  constructor(id: string) {
    super(`API key ${id} is revoked or expired`);
  }
}
