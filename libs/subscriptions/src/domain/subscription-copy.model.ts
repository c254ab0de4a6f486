/** A refund window: `quantity` licences may be removed until `allowedUntil` (Microsoft's refundableQuantity details). */
export interface RefundWindow {
  quantity: number;
  allowedUntil: Date;
}

/** Our copy of a subscription's Partner Center state (what Partner Center last told us, at `syncedAt`). */
export interface SubscriptionCopy {
  id: string;
  customerId: string;
  partnerId: string;
  customerTenantId: string;
  orderId: string | null;
  catalogItemId: string;
  quantity: number;
  /** Partner Center's status: active, suspended, deleted, expired, pending. */
  status: string;
  autoRenew: boolean;
  termDuration: string | null;
  billingCycle: string | null;
  commitmentEndDate: string | null;
  /** Absent once the cancel window closed (Microsoft's cancellationAllowedUntilDate). */
  cancellableUntil: Date | null;
  refundable: RefundWindow[];
  etag: string | null;
  syncedAt: Date;
}

/** The refund windows still open at `now`. */
export function openRefundWindows(copy: Pick<SubscriptionCopy, 'refundable'>, now: Date): RefundWindow[] {
  return copy.refundable.filter((window) => window.allowedUntil.getTime() > now.getTime() && window.quantity > 0);
}

/** How many licences may be removed at `now`. */
export function refundableNow(copy: Pick<SubscriptionCopy, 'refundable'>, now: Date): number {
  return openRefundWindows(copy, now).reduce((total, window) => total + window.quantity, 0);
}

/** The cancel deadline while it is still ahead, else null. */
export function cancellableUntil(copy: Pick<SubscriptionCopy, 'cancellableUntil'>, now: Date): Date | null {
  return copy.cancellableUntil && copy.cancellableUntil.getTime() > now.getTime() ? copy.cancellableUntil : null;
}
