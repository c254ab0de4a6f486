import { ClassifiedError, type RetryClass } from '@nce/resilience';
import { CLIENT_ERROR, PC_ERROR } from './error-codes';

export type ErrorSource = 'partner_center' | 'graph' | 'authority';

export interface PartnerCenterErrorDetails {
  /** null when no HTTP response arrived (timeout, network error). */
  httpStatus: number | null;
  code: string;
  description: string;
  retryClass: RetryClass;
  retryAfterMs?: number;
  requestId?: string;
  source: ErrorSource;
  cause?: unknown;
}

/** A failed Partner Center, Graph or token call, classified once by HTTP status and code. */
export class PartnerCenterError extends ClassifiedError {
  readonly httpStatus: number | null;
  readonly description: string;
  readonly requestId: string | undefined;
  readonly source: ErrorSource;

  constructor(details: PartnerCenterErrorDetails) {
    super({
      retryClass: details.retryClass,
      code: details.code,
      message: `${details.source} ${details.httpStatus ?? 'no response'} ${details.code}: ${details.description}`,
      retryAfterMs: details.retryAfterMs,
      cause: details.cause,
    });
    this.httpStatus = details.httpStatus;
    this.description = details.description;
    this.requestId = details.requestId;
    this.source = details.source;
  }
}

export function isPartnerCenterError(error: unknown, code?: string): error is PartnerCenterError {
  return error instanceof PartnerCenterError && (code === undefined || error.code === code);
}

/**
 * The retry class of an HTTP failure, from status and code only (never the message):
 * 429 throttled; 5xx and 408 transient; 409 800064 (cart busy) and 800060 (order in progress) transient;
 * every other 4xx permanent.
 * A 401 reaches here only after the one token refresh already failed, so it is permanent.
 */
export function classifyHttpFailure(status: number, code: string): RetryClass {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'transient';
  // 408 is the server timing the request out: the same uncertainty as a client timeout.
  if (status === 408) return 'transient';
  if (status === 409 && (code === PC_ERROR.cartBeingProcessed || code === PC_ERROR.orderInProgress)) return 'transient';
  return 'permanent';
}

/** Parses Retry-After (delta seconds or HTTP-date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface HttpFailure {
  status: number;
  body: unknown;
  retryAfter?: string;
  requestId?: string;
  source: ErrorSource;
  now?: number;
}

/** Builds the classified error of a non-success response from either error shape. */
export function errorFromResponse(failure: HttpFailure): PartnerCenterError {
  const { code, description } = readErrorBody(failure.body, failure.status);
  return new PartnerCenterError({
    httpStatus: failure.status,
    code,
    description,
    retryClass: classifyHttpFailure(failure.status, code),
    retryAfterMs: parseRetryAfter(failure.retryAfter, failure.now),
    requestId: failure.requestId,
    source: failure.source,
  });
}

export function timeoutError(source: ErrorSource, requestId: string, cause: unknown): PartnerCenterError {
  return new PartnerCenterError({
    httpStatus: null,
    code: CLIENT_ERROR.timeout,
    description: 'No response within the call timeout; the outcome upstream is unknown',
    retryClass: 'transient',
    requestId,
    source,
    cause,
  });
}

/**
 * Our own Partner Center credentials do not work (refresh token missing, revoked or expired, consent
 * without MFA, a credential type refused, a 401 that persists after a refresh). Never a failure of
 * the order: `upstream_unavailable`, so orders wait visibly (`partner_center_authentication`) and
 * re-check, without using an attempt, until a valid token is stored.
 */
export function authenticationError(
  upstreamCode: string,
  description: string,
  httpStatus: number | null,
  retryAfterMs: number,
): PartnerCenterError {
  return new PartnerCenterError({
    httpStatus,
    code: CLIENT_ERROR.authentication,
    description: `${upstreamCode}: ${description}`,
    retryClass: 'upstream_unavailable',
    retryAfterMs,
    source: 'authority',
  });
}

export function networkError(source: ErrorSource, requestId: string, cause: unknown): PartnerCenterError {
  const detail = cause instanceof Error ? ((cause as Error & { code?: string }).code ?? cause.name) : 'unknown';
  return new PartnerCenterError({
    httpStatus: null,
    code: CLIENT_ERROR.network,
    description: `Network error (${detail})`,
    retryClass: 'transient',
    requestId,
    source,
    cause,
  });
}

function readErrorBody(body: unknown, status: number): { code: string; description: string } {
  const fallback = { code: `${CLIENT_ERROR.httpPrefix}${status}`, description: `HTTP ${status}` };
  if (!isRecord(body)) return fallback;
  // Graph: { error: { code, message } }
  if (isRecord(body.error)) {
    const code = scalar(body.error.code) ?? fallback.code;
    return { code, description: scalar(body.error.message) ?? fallback.description };
  }
  // OAuth2 token endpoint: { error: "invalid_grant", error_description }
  if (typeof body.error === 'string') {
    return { code: body.error, description: scalar(body.error_description) ?? fallback.description };
  }
  // Partner Center: { code, description } (429 bodies have { statusCode, message } and no code)
  const code = scalar(body.code) ?? fallback.code;
  const description = scalar(body.description) ?? scalar(body.message) ?? fallback.description;
  return { code, description };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
