import { type DomainError, type ErrorKind, InvalidFieldsError } from '@nce/contracts';
import { type ProblemDetails, problem } from './problem';

interface ProblemShape {
  status: number;
  slug: string;
  title: string;
  /** The body carries the stable `code` (subscription changes: the panel and partners branch on it). */
  withCode?: boolean;
  retryAfterSeconds?: number;
}

/** Subscription-change refusals (issue 17): `code` in the body; the NCE rules a request breaks are 422. */
const changeRefusal = (status: number, title: string, slug: string): ProblemShape => ({ status, slug, title, withCode: true });

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
  REDUCTION_EXCEEDS_REFUNDABLE: changeRefusal(422, 'Reduction exceeds the refundable quantity', 'reduction-exceeds-refundable'),
  REFUND_WINDOW_CLOSED: changeRefusal(422, 'Refund window closed', 'refund-window-closed'),
  QUANTITY_OUT_OF_RANGE: changeRefusal(422, 'Quantity out of range', 'quantity-out-of-range'),
  CHANGE_IN_FLIGHT: changeRefusal(409, 'Another change is in flight', 'change-in-flight'),
  SUBSCRIPTION_NOT_ACTIVE: changeRefusal(409, 'Subscription not active', 'subscription-not-active'),
  SUBSCRIPTION_NOT_SYNCED: { ...changeRefusal(409, 'Subscription not read yet', 'subscription-not-synced'), retryAfterSeconds: 2 },
  CHANGE_VALIDATION_FAILED: { status: 400, slug: 'validation-error', title: 'Invalid request', withCode: true },
  SUBSCRIPTION_CHANGE_NOT_FOUND: { status: 404, slug: 'not-found', title: 'Not found', withCode: true },
  SUBSCRIPTION_NOT_FOUND: { status: 404, slug: 'not-found', title: 'Not found', withCode: true },
};

/** The one mapping of domain errors to problem+json (STYLE.md 7): by code where a type predates the kinds, else by kind. */
export function domainProblem(error: DomainError): ProblemDetails {
  const shape = PROBLEM_OF_CODE[error.code] ?? PROBLEM_OF_KIND[error.kind];
  const published = {
    ...(shape.withCode ? { code: error.code } : {}),
    ...(shape.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: shape.retryAfterSeconds }),
  };
  if (error instanceof InvalidFieldsError)
    return problem(shape.status, shape.slug, shape.title, 'One or more fields are invalid', { errors: error.errors, ...published });
  const extra = error.field === undefined ? {} : { errors: [{ field: error.field, message: error.message }] };
  return problem(shape.status, shape.slug, shape.title, error.message, { ...extra, ...published });
}
