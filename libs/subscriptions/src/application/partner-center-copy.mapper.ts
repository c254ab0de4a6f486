import type { SubscriptionCopy } from '../domain/subscription-copy.model';
import type { KnownSubscription, PartnerCenterSubscription } from './subscription-changes.ports';

function date(value: string | undefined): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/**
 * Our copy from what Partner Center returned. Microsoft reports `cancellationAllowedUntilDate` and
 * `refundableQuantity.details[].allowedUntilDateTime` (partner-center-api.md); a subscription read
 * without them has no open window. `autoRenewEnabled` absent is read as off (assumed).
 */
export function copyFromPartnerCenter(known: KnownSubscription, subscription: PartnerCenterSubscription, now: Date): SubscriptionCopy {
  const refundable = (subscription.refundableQuantity?.details ?? [])
    .map((detail) => ({ quantity: detail.quantity, allowedUntil: date(detail.allowedUntilDateTime) }))
    .filter((window): window is { quantity: number; allowedUntil: Date } => window.allowedUntil !== null && window.quantity > 0);
  return {
    id: subscription.id,
    customerId: known.customerId,
    partnerId: known.partnerId,
    customerTenantId: known.customerTenantId,
    orderId: known.orderId,
    catalogItemId: known.catalogItemId,
    quantity: subscription.quantity,
    status: String(subscription.status).toLowerCase(),
    autoRenew: subscription.autoRenewEnabled === true,
    termDuration: subscription.termDuration ?? known.termDuration,
    billingCycle: subscription.billingCycle ?? known.billingCycle,
    commitmentEndDate: subscription.commitmentEndDateTime ?? subscription.commitmentEndDate ?? null,
    cancellableUntil: date(subscription.cancellationAllowedUntilDate),
    refundable,
    etag: subscription.attributes?.etag ?? null,
    syncedAt: now,
  };
}

export function knownOf(copy: SubscriptionCopy): KnownSubscription {
  return {
    subscriptionId: copy.id,
    customerId: copy.customerId,
    partnerId: copy.partnerId,
    customerTenantId: copy.customerTenantId,
    orderId: copy.orderId,
    catalogItemId: copy.catalogItemId,
    termDuration: copy.termDuration,
    billingCycle: copy.billingCycle,
  };
}
