import { isClassifiedError } from '@nce/resilience';

/**
 * A permanent upstream error that no step handler mapped itself becomes a failure the operator can
 * read (the upstream code is kept). Transient, throttled and breaker errors are not failures.
 */
export function failureFromError(error: unknown): { code: string; message: string; howToFix: string } | null {
  if (!isClassifiedError(error) || error.retryClass !== 'permanent') return null;
  return {
    code: `PARTNER_CENTER_${error.code}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_'),
    message: error.message,
    howToFix:
      'Partner Center refused the request. Check the order data and the customer account in Partner Center, then ask an operator to retry the order.',
  };
}
