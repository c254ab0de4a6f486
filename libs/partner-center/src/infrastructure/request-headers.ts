import { randomUUID } from 'node:crypto';
import type { CallContext } from '../domain/common.model';

export interface HeaderInput {
  accessToken: string;
  target: 'partner_center' | 'graph';
  locale: string;
  hasBody: boolean;
  context?: CallContext;
  /** Extra headers a link asks for (MS-ContinuationToken on `links.next`). */
  extra?: Record<string, string>;
}

export interface BuiltHeaders {
  headers: Record<string, string>;
  requestId: string;
  correlationId: string;
}

/**
 * Headers of one call. MS-RequestId is the idempotency key: the caller passes the recorded one when
 * retrying a write after a timeout; otherwise every call gets a new one. MS-CorrelationId is the order
 * id when the call is made for an order. Graph gets the same ids as `client-request-id`.
 */
export function buildRequestHeaders(input: HeaderInput): BuiltHeaders {
  const { requestId, correlationId } = resolveCallIds(input.context);
  // Lower-cased so that a link's headers can never shadow ours under another casing.
  const extra = Object.fromEntries(Object.entries(input.extra ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const headers: Record<string, string> = {
    ...extra,
    authorization: `Bearer ${input.accessToken}`,
    accept: 'application/json',
    'ms-requestid': requestId,
    'ms-correlationid': correlationId,
  };
  if (input.hasBody) headers['content-type'] = 'application/json';
  if (input.target === 'partner_center') {
    headers['x-locale'] = input.locale;
  } else {
    headers['client-request-id'] = requestId;
  }
  return { headers, requestId, correlationId };
}

/** The caller's ids where given, otherwise new UUIDs. */
export function resolveCallIds(context?: CallContext): { requestId: string; correlationId: string } {
  return {
    requestId: nonEmpty(context?.requestId) ?? randomUUID(),
    correlationId: nonEmpty(context?.correlationId) ?? randomUUID(),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
