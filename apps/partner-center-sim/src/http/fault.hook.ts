import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../sim-context';
import { graphErrorBody, partnerCenterErrorBody } from './error-body';
import { type AppliedFault, findRequestState, requestState } from './request-state';
import { finishRequest } from './request-context.hook';
import { profileLatencyMs } from '../state/profile';

const DEFAULT_RETRY_AFTER_SECONDS = 1;
const DEFAULT_TIMEOUT_HOLD_MS = 30_000;
const DEFAULT_LATENCY_MS = 1_000;

/** 429 with Retry-After and Partner Center's documented throttling body; Graph uses its own error shape. */
export function sendThrottled(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number): void {
  const message = `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.`;
  reply.code(429).header('Retry-After', String(retryAfterSeconds));
  reply.send(
    requestState(request).surface === 'graph' ? graphErrorBody(request, 'activityLimitReached', message) : { statusCode: 429, message },
  );
}

function sendFault(request: FastifyRequest, reply: FastifyReply, fault: AppliedFault): void {
  const graph = requestState(request).surface === 'graph';
  if (fault.kind === '429') {
    sendThrottled(request, reply, fault.retryAfterSeconds);
    return;
  }
  if (fault.kind === '500') {
    reply
      .code(500)
      .send(
        graph
          ? graphErrorBody(request, 'generalException', 'An internal server error occurred.')
          : partnerCenterErrorBody(900192, 'Something went wrong. Try again after some time.', { isRetryable: true }),
      );
    return;
  }
  reply.code(503).header('Retry-After', String(fault.retryAfterSeconds));
  // Microsoft publishes no Partner Center code for 503; 503 as the code is the simulator's choice.
  reply.send(
    graph
      ? graphErrorBody(request, 'serviceNotAvailable', 'The service is temporarily unavailable. Try again later.')
      : partnerCenterErrorBody(503, 'The service is temporarily unavailable. Try again later.', {
          isRetryable: true,
          simulatorSpecific: true,
        }),
  );
}

/**
 * Fault injection from `PUT /_sim/faults`. 429/500/503 answer before authentication or any side effect;
 * `latency` delays before the handler; `timeout` lets the handler commit its side effect, then holds
 * the reply and destroys the socket without answering (the client must reconcile by reading back).
 */
export function registerFaultInjection(app: FastifyInstance, context: SimContext): void {
  app.addHook('onRequest', (request, reply, done) => {
    const state = requestState(request);
    if (state.surface === 'control' || context.state.faults.isEmpty) {
      done();
      return;
    }
    const rule = context.state.faults.match(request.method, state.path);
    if (rule === undefined) {
      done();
      return;
    }
    const fault: AppliedFault = {
      kind: rule.kind,
      retryAfterSeconds: rule.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
      latencyMs: rule.latencyMs ?? (rule.kind === 'timeout' ? DEFAULT_TIMEOUT_HOLD_MS : rule.kind === 'latency' ? DEFAULT_LATENCY_MS : 0),
    };
    state.fault = fault;
    if (fault.kind === '429' || fault.kind === '500' || fault.kind === '503') {
      sendFault(request, reply, fault);
      return;
    }
    done();
  });

  app.addHook('preHandler', (request, reply, done) => {
    const state = requestState(request);
    // The latency profile imitates Microsoft, so the control API answers at once.
    const profile = state.surface === 'control' ? 0 : profileLatencyMs(context.settings, request.method, state.path);
    const delay = profile + (state.fault?.kind === 'latency' ? state.fault.latencyMs : 0);
    if (delay <= 0) {
      done();
      return;
    }
    void context.delays.wait(delay).then(() => done());
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const fault = findRequestState(request)?.fault;
    if (fault?.kind === '800060' && reply.statusCode < 300) {
      // The side effect is committed, but the client hears "order in progress" (partner-center-api.md §2.5).
      reply.code(409).type('application/json; charset=utf-8');
      done(
        null,
        JSON.stringify(
          partnerCenterErrorBody(
            800060,
            'Your order is in progress. Check your order history for recent orders and try again in a few minutes.',
            { isRetryable: true },
          ),
        ),
      );
      return;
    }
    if (fault?.kind !== 'timeout') {
      done(null, payload);
      return;
    }
    // The side effect is committed; record what the server did, then never answer.
    finishRequest(context, request, reply.statusCode);
    void context.delays.wait(fault.latencyMs).then(() => {
      request.raw.destroy();
      reply.raw.destroy();
      done(null, payload);
    });
  });
}
