import type { OrderEventHub } from '@nce/notifications';

/** A distinct injection token: the hub of subscription-change streams (the order hub is the class token). */
export const SUBSCRIPTION_CHANGE_HUB = Symbol('SUBSCRIPTION_CHANGE_HUB');
export type SubscriptionChangeHub = OrderEventHub;
