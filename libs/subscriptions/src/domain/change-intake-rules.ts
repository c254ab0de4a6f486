import type { ChangeRequest } from './subscription-change.model';
import type { IntakeRefusalCode } from './subscription-changes.errors';
import { type SubscriptionCopy, cancellableUntil, openRefundWindows, refundableNow } from './subscription-copy.model';

// Intake refusal codes (issue-17 contract; stable, the panel keys on them) live with the errors.
export type { IntakeRefusalCode };

export interface IntakeRefusal {
  code: IntakeRefusalCode;
  /** Plain words the panel shows as they are. */
  detail: string;
}

export interface PlanLimits {
  minQuantity: number;
  maxQuantity: number;
}

function at(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/**
 * The change rules of NCE as far as our copy knows them: increases any time (within the plan's
 * limits), reductions only of what is refundable and inside its 168-hour window, cancel only before
 * cancellationAllowedUntilDate, and nothing on a subscription that is not active. Partner Center has
 * the last word: the worker maps its refusals too (our copy may be stale).
 */
export function checkChangeRequest(
  copy: SubscriptionCopy,
  request: ChangeRequest,
  limits: PlanLimits | null,
  now: Date,
): IntakeRefusal | null {
  if (copy.status !== 'active') {
    return { code: 'SUBSCRIPTION_NOT_ACTIVE', detail: `The subscription is ${copy.status}; only an active subscription can be changed.` };
  }
  if ('quantity' in request) return checkQuantity(copy, request.quantity, limits, now);
  if ('cancel' in request && cancellableUntil(copy, now) === null) {
    return {
      code: 'REFUND_WINDOW_CLOSED',
      detail: copy.cancellableUntil
        ? `The cancellation window closed at ${at(copy.cancellableUntil)}. New-commerce subscriptions can only be cancelled within 7 days of purchase or renewal; you can switch auto-renew off instead.`
        : 'This subscription can no longer be cancelled (the 7-day window after purchase or renewal has passed); you can switch auto-renew off instead.',
    };
  }
  return null;
}

function checkQuantity(copy: SubscriptionCopy, quantity: number, limits: PlanLimits | null, now: Date): IntakeRefusal | null {
  if (quantity === copy.quantity) return { code: 'QUANTITY_OUT_OF_RANGE', detail: `The subscription already has ${quantity} licences.` };
  if (limits && (quantity < limits.minQuantity || quantity > limits.maxQuantity)) {
    return { code: 'QUANTITY_OUT_OF_RANGE', detail: `This plan allows ${limits.minQuantity} to ${limits.maxQuantity} licences.` };
  }
  if (quantity > copy.quantity) return null;
  const reduction = copy.quantity - quantity;
  const refundable = refundableNow(copy, now);
  if (openRefundWindows(copy, now).length === 0) {
    return {
      code: 'REFUND_WINDOW_CLOSED',
      detail:
        'Licences can only be removed within 7 days of purchase, renewal or the increase that added them; that window has closed. The licences stay until the end of the term.',
    };
  }
  if (reduction > refundable) {
    const until = openRefundWindows(copy, now)
      .map((window) => at(window.allowedUntil))
      .sort()[0];
    return {
      code: 'REDUCTION_EXCEEDS_REFUNDABLE',
      detail: `Only ${refundable} licence${refundable === 1 ? '' : 's'} can be removed now (until ${until}); the lowest quantity possible is ${copy.quantity - refundable}.`,
    };
  }
  return null;
}
