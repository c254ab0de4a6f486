/**
 * Fixed event (and webhook) types of subscription changes (issue 17). Here, not in the subscriptions
 * context, because the notifications context validates endpoint filters against them.
 */
export const SUBSCRIPTION_CHANGE_EVENT_TYPES = [
  'subscription_change.accepted',
  'subscription_change.progressed',
  'subscription_change.delayed',
  'subscription_change.completed',
  'subscription_change.failed',
] as const;

export type SubscriptionChangeEventType = (typeof SUBSCRIPTION_CHANGE_EVENT_TYPES)[number];
