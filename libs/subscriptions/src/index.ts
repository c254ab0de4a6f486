export { CHECKOUT_REFUSALS, lineFriendlyName } from './domain/checkout-failures.mapper';
export { PORTAL_URL, RunSubscriptionStep, type SubscriptionStepSettings, type SubscriptionsPartnerCenter } from './application/run-subscription-step.use-case';
