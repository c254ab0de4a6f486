import { type DomainError, type ErrorKind, InvalidFieldsError } from '@nce/contracts';
import { type ProblemDetails, problem } from './problem';

interface ProblemShape {
  status: number;
  slug: string;
  title: string;
}

// Every kind has its answer (the Record makes the compiler demand a new kind's mapping).
const PROBLEM_OF_KIND: Record<ErrorKind, ProblemShape> = {
  invalid: { status: 400, slug: 'validation-error', title: 'Invalid request' },
  not_found: { status: 404, slug: 'not-found', title: 'Not found' },
  forbidden: { status: 403, slug: 'forbidden', title: 'Forbidden' },
  conflict: { status: 409, slug: 'conflict', title: 'Conflict' },
  unavailable: { status: 503, slug: 'unavailable', title: 'Service unavailable' },
};

const ORDER_STATE_CONFLICT: ProblemShape = { status: 409, slug: 'order-state-conflict', title: 'Conflict' };

/**
 * Problem types published before the kinds existed, by code: clients match on `type`, so these stay
 * exactly as they were (the status still follows the kind except where noted).
 */
const PROBLEM_OF_CODE: Readonly<Record<string, ProblemShape>> = {
  // The body differs from the stored request's: 422, the request itself is unprocessable under that key.
  IDEMPOTENCY_KEY_REUSED: { status: 422, slug: 'idempotency-key-reused', title: 'Idempotency-Key reused' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { status: 409, slug: 'idempotency-key-in-progress', title: 'Request in progress' },
  ORDER_ILLEGAL_TRANSITION: ORDER_STATE_CONFLICT,
  ORDER_CHECKOUT_RECORDED: ORDER_STATE_CONFLICT,
  ORDER_TERMINAL: ORDER_STATE_CONFLICT,
  ORDER_NO_ACTION_REQUIRED: ORDER_STATE_CONFLICT,
  ORDER_CONCURRENT_UPDATE: ORDER_STATE_CONFLICT,
  CUSTOMER_NOT_FOUND: { status: 404, slug: 'accounts', title: 'Request refused' },
  PARTNER_NOT_FOUND: { status: 404, slug: 'accounts', title: 'Request refused' },
  API_KEY_NOT_FOUND: { status: 404, slug: 'accounts', title: 'Request refused' },
  API_KEY_REVOKED: { status: 409, slug: 'accounts', title: 'Request refused' },
  CUSTOMER_TENANT_LINKED: { status: 409, slug: 'accounts', title: 'Request refused' },
};

/** The one mapping of domain errors to problem+json (STYLE.md 7): by code where a type predates the kinds, else by kind. */
export function domainProblem(error: DomainError): ProblemDetails {
  const shape = PROBLEM_OF_CODE[error.code] ?? PROBLEM_OF_KIND[error.kind];
  if (error instanceof InvalidFieldsError) return problem(shape.status, shape.slug, shape.title, 'One or more fields are invalid', { errors: error.errors });
  const extra = error.field === undefined ? {} : { errors: [{ field: error.field, message: error.message }] };
  return problem(shape.status, shape.slug, shape.title, error.message, extra);
}
