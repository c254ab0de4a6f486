import { normaliseEnum, optionalBoolean, optionalNumber, optionalString } from '../http/casing';
import { SimulatedApiError, invalidInput } from '../http/error-body';
import type { SimContext } from '../sim-context';
import type { Subscription } from '../state/commerce.model';
import { applyQuantity, cancellationDeadline, ensureLifecycle, refundableTotal } from '../state/subscription-lifecycle';
import { subscriptionStatus } from '../views/commerce.view';

/**
 * Refusal codes of a subscription PATCH. Microsoft documents that the API "throws an error" after the window
 * (cancel-an-azure-marketplace-subscription) but publishes no code: these three are the simulator's own
 * (assumed, marked simulator-specific on the wire). 2002 (quantity outside min/max) is documented.
 */
export const SUBSCRIPTION_REFUSAL = {
  reductionWindowClosed: 168001,
  cancellationWindowClosed: 168002,
  notActive: 168003,
  quantityOutOfRange: 2002,
} as const;

/** What a PATCH changed, for the ledger; empty when the body asked for the current state. */
export type AppliedChanges = Partial<Record<'quantity' | 'autoRenewEnabled' | 'status' | 'friendlyName', unknown>>;

function refuse(code: number, message: string, errorName: string, simulatorSpecific = true): SimulatedApiError {
  return new SimulatedApiError(400, code, message, { errorName, isRetryable: false, simulatorSpecific });
}

/**
 * PATCH with Microsoft's NCE rules. The documented request is the full subscription resource with the changed
 * fields (change-the-quantity-of-a-subscription, cancel-an-azure-marketplace-subscription); a partial body is
 * accepted too (assumed lenient: absent fields keep their value). Fields equal to the current value are no
 * change, so a full body changes only what differs. Nothing is applied unless every requested change is allowed.
 */
export function patchSubscription(context: SimContext, subscription: Subscription, body: Record<string, unknown>): AppliedChanges {
  const now = context.now();
  ensureLifecycle(subscription);
  const current = subscriptionStatus(subscription, now);
  const status = body.status === undefined ? undefined : normaliseEnum(body.status, ['active', 'suspended', 'deleted'] as const);
  if (body.status !== undefined && status === undefined) throw invalidInput('status must be active, suspended or deleted.');
  const quantity = optionalNumber(body, 'quantity');
  const autoRenew = optionalBoolean(body, 'autoRenewEnabled');
  const friendlyName = optionalString(body, 'friendlyName');
  const changes: AppliedChanges = {};
  if (status !== undefined && status !== current) changes.status = status;
  if (quantity !== undefined && quantity !== subscription.quantity) changes.quantity = quantity;
  if (autoRenew !== undefined && autoRenew !== subscription.autoRenewEnabled) changes.autoRenewEnabled = autoRenew;
  if (friendlyName !== undefined && friendlyName !== subscription.friendlyName) changes.friendlyName = friendlyName;
  if (Object.keys(changes).length === 0) return changes;

  // Suspended → active is the one change allowed on a subscription that is not active.
  const reactivation = current === 'suspended' && changes.status === 'active';
  if (current !== 'active' && !reactivation) {
    throw refuse(
      SUBSCRIPTION_REFUSAL.notActive,
      `Subscription ${subscription.id} is ${current}: it cannot be changed.`,
      'SubscriptionNotActive',
    );
  }
  if (changes.status === 'deleted' && now >= cancellationDeadline(subscription)) {
    const deadline = new Date(cancellationDeadline(subscription)).toISOString();
    throw refuse(
      SUBSCRIPTION_REFUSAL.cancellationWindowClosed,
      `The subscription can no longer be cancelled: the cancellation window closed at ${deadline}.`,
      'CancellationWindowExpired',
    );
  }
  if (quantity !== undefined && changes.quantity !== undefined) {
    const sku = context.state.catalog.item(subscription.offerId)?.sku;
    if (!Number.isInteger(quantity) || (sku !== undefined && (quantity < sku.minimumQuantity || quantity > sku.maximumQuantity))) {
      throw refuse(
        SUBSCRIPTION_REFUSAL.quantityOutOfRange,
        `Quantity ${quantity} is outside the allowed range.`,
        'QuantityOutOfRange',
        false,
      );
    }
    const reduction = subscription.quantity - quantity;
    const refundable = refundableTotal(subscription, now);
    if (changes.status !== 'deleted' && reduction > refundable) {
      throw refuse(
        SUBSCRIPTION_REFUSAL.reductionWindowClosed,
        `Licences can be reduced only within 168 hours of when they were added: ${refundable} of ${subscription.quantity} can still be reduced, not ${reduction}.`,
        'RefundableQuantityExceeded',
      );
    }
  }

  if (changes.status === 'deleted') {
    subscription.statusOverride = 'deleted';
    subscription.seatWindows = [];
  } else {
    if (quantity !== undefined && changes.quantity !== undefined) applyQuantity(subscription, quantity, now);
    if (changes.status === 'suspended') subscription.statusOverride = 'suspended';
    if (changes.status === 'active') subscription.statusOverride = undefined;
  }
  if (autoRenew !== undefined) subscription.autoRenewEnabled = autoRenew;
  if (friendlyName !== undefined) subscription.friendlyName = friendlyName;
  subscription.etagVersion += 1;
  return changes;
}
