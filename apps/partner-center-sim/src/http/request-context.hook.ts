import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimContext } from '../sim-context';
import { type RequestState, findRequestState, setRequestState, surfaceOf } from './request-state';

const SERVER_ID = String(100_000_000 + Math.floor(Math.random() * 900_000_000));

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
}

/** Releases the in-flight checkout mark held by this request, whatever way the request ends. */
function releaseCheckoutMark(context: SimContext, state: RequestState): void {
  if (state.checkoutCartId === undefined) return;
  if (context.state.commerce.checkoutsInFlight.get(state.checkoutCartId) === state.requestId) {
    context.state.commerce.checkoutsInFlight.delete(state.checkoutCartId);
  }
  state.checkoutCartId = undefined;
}

const recorded = new WeakSet<FastifyRequest>();

/** Records the request in the ledger and the one-line log; safe to call twice (only the first counts). */
export function finishRequest(context: SimContext, request: FastifyRequest, status: number): void {
  if (recorded.has(request)) return;
  recorded.add(request);
  const state = findRequestState(request);
  if (state === undefined) return;
  releaseCheckoutMark(context, state);
  if (state.surface !== 'control') {
    context.state.ledger.recordRequest({
      method: request.method,
      path: state.path,
      status,
      requestId: state.requestId,
      correlationId: state.correlationId,
      at: new Date().toISOString(),
      fault: state.fault?.kind,
      ...(state.token === undefined ? {} : { auth: state.token.idtyp === 'app' ? ('app' as const) : ('app+user' as const) }),
    });
  }
  if (context.settings.logRequests) {
    const ms = (performance.now() - state.startedAt).toFixed(1);
    process.stdout.write(
      `${request.method} ${state.path} ${status} ${ms}ms ${state.requestId}${state.fault === undefined ? '' : ` fault=${state.fault.kind}`}\n`,
    );
  }
}

/**
 * Partner Center echoes MS-RequestId and MS-CorrelationId (generating them when absent) and adds
 * MS-CV and MS-ServerId; Graph answers with request-id / client-request-id.
 */
export function registerRequestContext(app: FastifyInstance, context: SimContext): void {
  app.addHook('onRequest', (request, reply, done) => {
    const queryAt = request.url.indexOf('?');
    const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const surface = surfaceOf(path);
    const clientRequestId = surface === 'graph' ? headerValue(request, 'client-request-id') : undefined;
    const sentRequestId = headerValue(request, 'ms-requestid') ?? clientRequestId;
    const sentCorrelationId = headerValue(request, 'ms-correlationid');
    const state: RequestState = {
      requestId: sentRequestId ?? randomUUID(),
      requestIdGenerated: sentRequestId === undefined,
      correlationId: sentCorrelationId ?? randomUUID(),
      correlationIdGenerated: sentCorrelationId === undefined,
      startedAt: performance.now(),
      surface,
      path,
    };
    setRequestState(request, state);
    const incomingCv = headerValue(request, 'ms-cv');
    reply.header('MS-RequestId', state.requestId);
    reply.header('MS-CorrelationId', state.correlationId);
    reply.header('MS-CV', incomingCv === undefined ? `${randomBytes(12).toString('base64')}.0` : `${incomingCv}.1`);
    reply.header('MS-ServerId', SERVER_ID);
    if (surface === 'graph') {
      reply.header('request-id', state.requestId);
      if (clientRequestId !== undefined) reply.header('client-request-id', clientRequestId);
    }
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    finishRequest(context, request, reply.statusCode);
    done();
  });

  // A client that disconnects mid-request still leaves a trace, and never leaves a cart locked.
  app.addHook('onRequestAbort', (request, done) => {
    finishRequest(context, request, 499);
    done();
  });
}
