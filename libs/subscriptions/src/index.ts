export { CHECKOUT_REFUSALS, lineFriendlyName } from './domain/checkout-failures.mapper';
export {
  PORTAL_URL,
  RunSubscriptionStep,
  type SubscriptionStepSettings,
  type SubscriptionsPartnerCenter,
} from './application/run-subscription-step.use-case';
export * from './domain/subscription-change.model';
export {
  type RefundWindow,
  type SubscriptionCopy,
  cancellableUntil,
  openRefundWindows,
  refundableNow,
} from './domain/subscription-copy.model';
export { checkChangeRequest, type IntakeRefusal, type IntakeRefusalCode, type PlanLimits } from './domain/change-intake-rules';
export * from './domain/subscription-changes.errors';
export * from './application/subscription-changes.ports';
export { parseChangeRequest } from './application/change-request.schema';
export { RequestSubscriptionChange, type RequestChangeResult } from './application/request-subscription-change.use-case';
export type { ApplySubscriptionChange, ChangeJob } from './application/apply-subscription-change.use-case';
export type { SyncSubscriptions, SyncResult } from './application/sync-subscriptions.use-case';
export { SubscriptionChangeQueries } from './application/subscription-change-queries';
export { asStreamEvent } from './application/change-event-stream.mapper';
export {
  type ChangeRequestDeps,
  type SubscriptionsContext,
  type SubscriptionsContextDeps,
  createSubscriptionsContext,
} from './infrastructure/subscriptions.composition';
