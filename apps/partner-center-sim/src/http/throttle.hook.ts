import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../sim-context';
import { throttleTargetOf } from '../state/throttle.store';
import { sendThrottled } from './fault.hook';
import { requestState } from './request-state';

/**
 * Built-in throttling (`PUT /_sim/throttling`), as partner-center-api.md §2.3 documents it: limits per
 * partner tenant and per (partner, customer) pair, 429 with `Retry-After` and Microsoft's body. A request
 * over its window is answered before authentication or any side effect (assumed: Microsoft does not say
 * where in its pipeline it throttles), like an injected 429.
 */
export function registerThrottling(app: FastifyInstance, context: SimContext): void {
  app.addHook('onRequest', (request, reply, done) => {
    const throttle = context.state.throttle;
    const state = requestState(request);
    if (state.surface === 'control' || state.surface === 'token' || !throttle.enabled) {
      done();
      return;
    }
    const target = throttleTargetOf(state.path);
    const refusal = target === undefined ? undefined : throttle.admit(target.group, target.customerId, context.now());
    if (refusal === undefined) {
      done();
      return;
    }
    sendThrottled(request, reply, refusal.retryAfterSeconds);
  });
}
