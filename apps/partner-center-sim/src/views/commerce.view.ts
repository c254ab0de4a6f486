import type { Cart, CartLineItem, Order, Subscription, SubscriptionStatus } from '../state/commerce.model';
import { cancellationDeadline, ensureLifecycle, openWindows } from '../state/subscription-lifecycle';
import { definedOnly, link } from './links';

export function orderStatus(order: Order, now: number): 'pending' | 'completed' {
  return now >= order.completesAt ? 'completed' : 'pending';
}

export function subscriptionStatus(subscription: Subscription, now: number): SubscriptionStatus {
  if (subscription.statusOverride !== undefined) return subscription.statusOverride;
  return now >= subscription.activeAt ? 'active' : 'pending';
}

export function subscriptionEtag(subscription: Subscription): string {
  return `W/"${subscription.id.slice(0, 8)}-${subscription.etagVersion}"`;
}

function lineItemView(line: CartLineItem): Record<string, unknown> {
  return definedOnly({
    id: line.id,
    catalogItemId: line.catalogItemId,
    friendlyName: line.friendlyName,
    quantity: line.quantity,
    currencyCode: line.currencyCode,
    billingCycle: line.billingCycle,
    termDuration: line.termDuration,
    promotionId: line.promotionId,
    participants: line.participants,
    provisioningContext: line.provisioningContext,
    orderGroup: line.orderGroup,
    addonItems: [],
    renewsTo: line.renewsTo,
    customTermEndDate: line.customTermEndDate,
    attestationAccepted: line.attestationAccepted,
    error: line.error,
  });
}

export function cartView(cart: Cart): Record<string, unknown> {
  return definedOnly({
    id: cart.id,
    creationTimestamp: cart.creationTimestamp,
    lastModifiedTimestamp: cart.lastModifiedTimestamp,
    expirationTimestamp: cart.expirationTimestamp,
    lastModifiedUser: cart.lastModifiedUser,
    lineItems: cart.lineItems.map(lineItemView),
    status: cart.status,
    partnerOnRecordAttestationAccepted: cart.partnerOnRecordAttestationAccepted,
    links: { self: link(`/customers/${cart.customerId}/carts/${cart.id}`) },
    attributes: { objectType: 'Cart' },
  });
}

export function orderView(order: Order, now: number): Record<string, unknown> {
  const status = orderStatus(order, now);
  const base = `/customers/${order.referenceCustomerId}/orders/${order.id}`;
  return definedOnly({
    id: order.id,
    alternateId: order.alternateId,
    referenceCustomerId: order.referenceCustomerId,
    billingCycle: order.billingCycle,
    currencyCode: order.currencyCode,
    currencySymbol: order.currencySymbol,
    lineItems: order.lineItems.map((line) => {
      const [productId, skuId] = line.offerId.split(':');
      // Lines carry no subscription id until the order is provisioned.
      const subscriptionId = status === 'completed' ? line.subscriptionId : undefined;
      return definedOnly({
        lineItemNumber: line.lineItemNumber,
        offerId: line.offerId,
        subscriptionId,
        termDuration: line.termDuration,
        renewsTo: line.renewsTo,
        transactionType: line.transactionType,
        friendlyName: line.friendlyName,
        quantity: line.quantity,
        promotionId: line.promotionId,
        customTermEndDate: line.customTermEndDate,
        partnerIdOnRecord: line.partnerIdOnRecord,
        additionalPartnerIdsOnRecord: line.additionalPartnerIdsOnRecord.length > 0 ? line.additionalPartnerIdsOnRecord : undefined,
        provisioningContext: line.provisioningContext,
        attestationAccepted: line.attestationAccepted,
        links: definedOnly({
          provisioningStatus: link(`${base}/provisioningstatus`),
          product: link(`/products/${productId}?country=US`),
          sku: link(`/products/${productId}/skus/${skuId}?country=US`),
          subscription:
            subscriptionId === undefined ? undefined : link(`/customers/${order.referenceCustomerId}/subscriptions/${subscriptionId}`),
        }),
      });
    }),
    creationDate: order.creationDate,
    status,
    transactionType: order.transactionType,
    partnerOnRecordAttestationAccepted: order.partnerOnRecordAttestationAccepted,
    links: { self: link(base), provisioningStatus: link(`${base}/provisioningstatus`), patchOperation: link(base, 'PATCH') },
    attributes: { objectType: 'Order' },
  });
}

/**
 * `refundableQuantity` { totalQuantity, details[{ quantity, allowedUntilDateTime }] } as the .NET SDK models it
 * (RefundableQuantity / RefundableQuantityDetail): only windows still open; `{ totalQuantity: 0, details: [] }`
 * for an active subscription with none (assumed), absent once deleted or expired.
 */
function refundableQuantityView(subscription: Subscription, status: SubscriptionStatus, now: number): Record<string, unknown> | undefined {
  if (status === 'deleted' || status === 'expired') return undefined;
  const open = openWindows(subscription, now).sort((a, b) => a.allowedUntil - b.allowedUntil);
  return {
    totalQuantity: open.reduce((sum, window) => sum + window.quantity, 0),
    details: open.map((window) => ({ quantity: window.quantity, allowedUntilDateTime: new Date(window.allowedUntil).toISOString() })),
  };
}

export function subscriptionView(subscription: Subscription, now: number): Record<string, unknown> {
  const status = subscriptionStatus(subscription, now);
  const lifecycle = ensureLifecycle(subscription);
  const base = `/customers/${subscription.customerId}/subscriptions/${subscription.id}`;
  const cancellable = status === 'active' && now < cancellationDeadline(subscription);
  return definedOnly({
    id: subscription.id,
    entitlementId: subscription.entitlementId,
    offerId: subscription.offerId,
    offerName: subscription.offerName,
    friendlyName: subscription.friendlyName,
    productType: { id: 'OnlineServicesNCE', displayName: 'OnlineServicesNCE' },
    quantity: subscription.quantity,
    unitType: 'Licenses',
    hasPurchasableAddons: false,
    creationDate: subscription.creationDate,
    effectiveStartDate: subscription.effectiveStartDate,
    commitmentEndDate: subscription.commitmentEndDate,
    // Assumed: the instant the term ends (Microsoft documents the field, not its exact instant).
    commitmentEndDateTime: new Date(lifecycle.termEndsAt).toISOString(),
    cancellationAllowedUntilDate: subscription.refundExpiresAt,
    billingCycleEndDate: subscription.billingCycleEndDate,
    status,
    autoRenewEnabled: subscription.autoRenewEnabled,
    isTrial: false,
    billingType: 'license',
    billingCycle: subscription.billingCycle,
    termDuration: subscription.termDuration,
    renewalTermDuration: subscription.renewalTermDuration,
    refundOptions: cancellable ? [{ type: 'Full', expiresAt: subscription.refundExpiresAt }] : [],
    refundableQuantity: refundableQuantityView(subscription, status, now),
    isMicrosoftProduct: true,
    partnerId: subscription.partnerId,
    promotionId: subscription.promotionId,
    attentionNeeded: false,
    actionTaken: false,
    contractType: 'subscription',
    orderId: subscription.orderId,
    publisherName: 'Microsoft Corporation',
    suspensionReasons: status === 'suspended' ? ['PartnerInitiated'] : [],
    actions: status === 'active' ? (cancellable ? ['Cancel', 'Edit', 'Upgrade'] : ['Edit', 'Upgrade']) : [],
    links: {
      product: link(`/products/${subscription.productId}?country=US`),
      sku: link(`/products/${subscription.productId}/skus/${subscription.skuId}?country=US`),
      availability: link(
        `/products/${subscription.productId}/skus/${subscription.skuId}/availabilities/${subscription.availabilityId}?country=US`,
      ),
      self: link(base),
    },
    attributes: { etag: subscriptionEtag(subscription), objectType: 'Subscription' },
  });
}

export function subscriptionProvisioningView(subscription: Subscription, now: number): Record<string, unknown> {
  const status = subscriptionStatus(subscription, now);
  return {
    skuId: subscription.skuId,
    status: status === 'pending' ? 'pending' : 'success',
    quantity: subscription.quantity,
    endDate: subscription.commitmentEndDate,
    attributes: { objectType: 'SubscriptionProvisioningStatus' },
  };
}
