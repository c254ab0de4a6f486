import type { FastifyRequest } from 'fastify';
import type { TokenClaims } from './token-codec';

/** Which API a path belongs to: decides the error body shape and whether faults and the ledger apply. */
export type Surface = 'partner-center' | 'graph' | 'control' | 'token';

export interface AppliedFault {
  kind: '429' | '500' | '503' | 'timeout' | 'latency' | '800060';
  retryAfterSeconds: number;
  latencyMs: number;
}

export interface RequestState {
  requestId: string;
  /** True when the client sent no MS-RequestId: such a call can never be retried, so nothing is stored for replay. */
  requestIdGenerated: boolean;
  correlationId: string;
  /** True when the client sent no MS-CorrelationId (the ledger then cannot tell two sends of one change apart). */
  correlationIdGenerated?: boolean;
  startedAt: number;
  surface: Surface;
  /** Path without the query string. */
  path: string;
  fault?: AppliedFault;
  token?: TokenClaims;
  /** Set when this request holds a cart's in-flight checkout mark, so it is released on every exit. */
  checkoutCartId?: string;
}

// A WeakMap instead of decorating FastifyRequest: no global type augmentation leaks into other apps.
const states = new WeakMap<FastifyRequest, RequestState>();

export function setRequestState(request: FastifyRequest, state: RequestState): void {
  states.set(request, state);
}

export function requestState(request: FastifyRequest): RequestState {
  const state = states.get(request);
  if (state === undefined) throw new Error('request state missing: the request-context hook did not run');
  return state;
}

/** The state if the request-context hook ran (it may not have, for errors raised before routing). */
export function findRequestState(request: FastifyRequest): RequestState | undefined {
  return states.get(request);
}

export function surfaceOf(path: string): Surface {
  if (path.startsWith('/v1/')) return 'partner-center';
  if (path.startsWith('/v1.0/')) return 'graph';
  if (path.startsWith('/_sim')) return 'control';
  return 'token';
}
