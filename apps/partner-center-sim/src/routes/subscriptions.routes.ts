import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { asRecord, normaliseEnum, optionalBoolean, optionalNumber, optionalString } from '../http/casing';
import { SimulatedApiError, invalidInput } from '../http/error-body';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Subscription } from '../state/commerce.model';
import { subscriptionEtag, subscriptionProvisioningView, subscriptionStatus, subscriptionView } from '../views/commerce.view';
import { collection } from '../views/links';
import { customerWithRelationship, param, query } from './customer-access';

function subscriptionOf(context: SimContext, request: FastifyRequest): Subscription {
  const tenant = customerWithRelationship(context, param(request, 'customerId'));
  const subscription = context.state.commerce.subscription(tenant.id, param(request, 'subscriptionId'));
  if (subscription === undefined) throw new SimulatedApiError(404, 1000, `Subscription ${param(request, 'subscriptionId')} was not found.`, { isRetryable: false });
  return subscription;
}

/** PATCH: cancel (status deleted) inside the refund window, change seats, auto-renew or friendly name. */
function patchSubscription(context: SimContext, subscription: Subscription, body: Record<string, unknown>): void {
  const now = context.now();
  const current = subscriptionStatus(subscription, now);
  if (current === 'deleted') throw invalidInput('A deleted subscription cannot be modified.');
  const withinRefundWindow = now < Date.parse(subscription.refundExpiresAt);
  const status = body.status === undefined ? undefined : normaliseEnum(body.status, ['active', 'suspended', 'deleted'] as const);
  if (body.status !== undefined && status === undefined) throw invalidInput('status must be active, suspended or deleted.');
  if (status === 'deleted' && !withinRefundWindow) {
    // NCE cancels only inside the refund window; the code for "outside the window" is a guess.
    throw new SimulatedApiError(400, 2000, 'The subscription can no longer be cancelled: the cancellation window has passed.', { errorName: 'CancellationWindowExpired', isRetryable: false });
  }
  const quantity = optionalNumber(body, 'quantity');
  if (quantity !== undefined && quantity !== subscription.quantity) {
    const sku = context.state.catalog.item(subscription.offerId)?.sku;
    if (!Number.isInteger(quantity) || (sku !== undefined && (quantity < sku.minimumQuantity || quantity > sku.maximumQuantity))) {
      throw new SimulatedApiError(400, 2002, `Quantity ${quantity} is outside the allowed range.`, { isRetryable: false });
    }
    if (quantity < subscription.quantity && !withinRefundWindow) throw invalidInput('Seats can be reduced only inside the cancellation window.');
    subscription.quantity = quantity;
  }
  const autoRenew = optionalBoolean(body, 'autoRenewEnabled');
  if (autoRenew !== undefined) subscription.autoRenewEnabled = autoRenew;
  const friendlyName = optionalString(body, 'friendlyName');
  if (friendlyName !== undefined) subscription.friendlyName = friendlyName;
  if (status === 'deleted' || status === 'suspended') subscription.statusOverride = status;
  if (status === 'active') subscription.statusOverride = undefined;
  subscription.etagVersion += 1;
}

export const registerSubscriptionRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');

  app.get('/v1/customers/:customerId/subscriptions', { onRequest: anyToken }, (request, reply) => {
    const tenant = customerWithRelationship(context, param(request, 'customerId'));
    const now = context.now();
    const items = context.state.commerce.subscriptionsOf(tenant.id, query(request, 'order_id')).map((subscription) => subscriptionView(subscription, now));
    return reply.send(collection(items, `/customers/${tenant.id}/subscriptions`));
  });

  app.get('/v1/customers/:customerId/subscriptions/:subscriptionId', { onRequest: anyToken }, (request, reply) => {
    return reply.send(subscriptionView(subscriptionOf(context, request), context.now()));
  });

  app.patch('/v1/customers/:customerId/subscriptions/:subscriptionId', { onRequest: anyToken }, (request, reply) => {
    const subscription = subscriptionOf(context, request);
    const ifMatch = request.headers['if-match'];
    if (typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== subscriptionEtag(subscription)) {
      // Microsoft publishes no code for a stale etag: 412 with code 412 (simulator-specific).
      throw new SimulatedApiError(412, 412, 'The subscription was modified by another request (If-Match does not match the current etag).', { isRetryable: false, simulatorSpecific: true });
    }
    patchSubscription(context, subscription, asRecord(request.body));
    return reply.send(subscriptionView(subscription, context.now()));
  });

  app.get('/v1/customers/:customerId/subscriptions/:subscriptionId/provisioningstatus', { onRequest: anyToken }, (request, reply) => {
    return reply.send(subscriptionProvisioningView(subscriptionOf(context, request), context.now()));
  });
};
