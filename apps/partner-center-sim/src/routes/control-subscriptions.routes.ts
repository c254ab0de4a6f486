import { asRecord } from '../http/casing';
import type { RouteRegistrar, SimContext } from '../sim-context';
import type { Subscription } from '../state/commerce.model';
import { ageSubscription, lifecycleView, settleTerm } from '../state/subscription-lifecycle';
import { subscriptionStatus } from '../views/commerce.view';
import { param } from './customer-access';
import { controlError } from './control-input';

function subscriptionById(context: SimContext, id: string): Subscription {
  const subscription = context.state.commerce.subscriptions.get(id.toLowerCase());
  if (subscription === undefined) throw controlError(404, `subscription ${id} not found`);
  return subscription;
}

/** Simulated time for subscriptions (issue 17): age one subscription, read its raw lifecycle. */
export const registerControlSubscriptionRoutes: RouteRegistrar = (app, context) => {
  const view = (subscription: Subscription) => lifecycleView(subscription, subscriptionStatus(subscription, context.now()), context.now());

  app.get('/_sim/subscriptions/:subscriptionId', (request, reply) => {
    const subscription = subscriptionById(context, param(request, 'subscriptionId'));
    settleTerm(subscription, context.now());
    return reply.send(view(subscription));
  });

  // As if `hours` passed for this subscription: purchase, renewal and increase dates move back; a passed term end renews or expires.
  app.post('/_sim/subscriptions/:subscriptionId/age', (request, reply) => {
    const subscription = subscriptionById(context, param(request, 'subscriptionId'));
    const hours = asRecord(request.body).hours;
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > 24 * 366 * 10)
      throw controlError(400, 'hours must be a number > 0 (at most ten years)');
    ageSubscription(subscription, hours, context.now());
    return reply.send(view(subscription));
  });
};
