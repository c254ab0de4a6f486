export { CHECKOUT_REFUSALS, lineFriendlyName } from './domain/checkout-failures';
export { PORTAL_URL, RunSubscriptionStep, type SubscriptionStepSettings, type SubscriptionsPartnerCenter } from './application/run-subscription-step';
