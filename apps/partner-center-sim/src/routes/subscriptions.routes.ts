import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { asRecord } from '../http/casing';
import { SimulatedApiError, partnerCenterErrorBody } from '../http/error-body';
import { requestState } from '../http/request-state';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Subscription } from '../state/commerce.model';
import { settleTerm } from '../state/subscription-lifecycle';
import { subscriptionEtag, subscriptionProvisioningView, subscriptionView } from '../views/commerce.view';
import { collection } from '../views/links';
import { customerWithRelationship, param, query } from './customer-access';
import { patchSubscription } from './subscription-patch';

function subscriptionOf(context: SimContext, request: FastifyRequest): Subscription {
  const tenant = customerWithRelationship(context, param(request, 'customerId'));
  const subscription = context.state.commerce.subscription(tenant.id, param(request, 'subscriptionId'));
  if (subscription === undefined)
    throw new SimulatedApiError(404, 1000, `Subscription ${param(request, 'subscriptionId')} was not found.`, { isRetryable: false });
  // Renewals and expiry happen when the term ends; evaluated on access (simulated time moves by ageing).
  settleTerm(subscription, context.now());
  return subscription;
}

function patchOperation(subscriptionId: string): string {
  return `subscription-patch ${subscriptionId.toLowerCase()}`;
}

export const registerSubscriptionRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.get('/v1/customers/:customerId/subscriptions', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const now = context.now();
    const subscriptions = context.state.commerce.subscriptionsOf(tenant.id, query(request, 'order_id'));
    for (const subscription of subscriptions) settleTerm(subscription, now);
    return reply.send(
      collection(
        subscriptions.map((subscription) => subscriptionView(subscription, now)),
        `/customers/${tenant.id}/subscriptions`,
      ),
    );
  });

  app.get('/v1/customers/:customerId/subscriptions/:subscriptionId', { onRequest: anyToken }, (request, reply) => {
    return reply.send(subscriptionView(subscriptionOf(context, request), context.now()));
  });

  /**
   * MS-RequestId makes the PATCH idempotent (partner-center-api.md §2.1: resend the same id after a timeout): the
   * first answer, success or business refusal, is kept and replayed, checked before If-Match (the etag has moved
   * once the first attempt committed). Stale If-Match answers are not kept: the caller re-reads and resends.
   */
  app.patch('/v1/customers/:customerId/subscriptions/:subscriptionId', { onRequest: anyToken }, (request, reply) => {
    const subscription = subscriptionOf(context, request);
    const state = requestState(request);
    const operation = patchOperation(subscription.id);
    const stored = state.requestIdGenerated ? undefined : context.state.idempotency.get(operation, state.requestId);
    if (stored !== undefined) return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.payload);
    const ifMatch = request.headers['if-match'];
    if (typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== subscriptionEtag(subscription)) {
      // Microsoft publishes no code for a stale etag: 412 with code 412 (simulator-specific).
      throw new SimulatedApiError(
        412,
        412,
        'The subscription was modified by another request (If-Match does not match the current etag).',
        { isRetryable: false, simulatorSpecific: true },
      );
    }
    const keep = (status: number, payload: string): void => {
      if (!state.requestIdGenerated) context.state.idempotency.put(operation, state.requestId, { status, payload });
    };
    let changes;
    try {
      changes = patchSubscription(context, subscription, asRecord(request.body));
    } catch (error) {
      if (error instanceof SimulatedApiError && error.status === 400 && typeof error.code === 'number') {
        const payload = JSON.stringify(partnerCenterErrorBody(error.code, error.message, error.options));
        keep(400, payload);
        return reply.code(400).type('application/json; charset=utf-8').send(payload);
      }
      throw error;
    }
    const now = context.now();
    const payload = JSON.stringify(subscriptionView(subscription, now));
    keep(200, payload);
    if (Object.keys(changes).length > 0) {
      context.state.ledger.recordSubscriptionChange(
        {
          customerId: subscription.customerId,
          subscriptionId: subscription.id,
          requestId: state.requestId,
          correlationId: state.correlationId,
          changed: changes,
          at: new Date(now).toISOString(),
        },
        state.correlationIdGenerated !== true,
      );
    }
    return reply.code(200).type('application/json; charset=utf-8').send(payload);
  });

  app.get('/v1/customers/:customerId/subscriptions/:subscriptionId/provisioningstatus', { onRequest: anyToken }, (request, reply) => {
    return reply.send(subscriptionProvisioningView(subscriptionOf(context, request), context.now()));
  });
};
