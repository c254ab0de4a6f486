import type { SeatWindow, Subscription } from './commerce.model';
import { DAY_MS, billingCycleEndDate, dayString, startOfUtcDay, termEndDate } from './durations';

/**
 * New commerce's 7-day rule (partner-center-api.md §8.4; learn.microsoft.com cancel-an-azure-marketplace-subscription,
 * "increase or decrease licenses in new commerce"): a subscription can be cancelled within 168 h of its purchase or
 * renewal; licences can be reduced only within 168 h of when they were added (purchase, renewal or a mid-term
 * increase), each batch with its own window. Windows are half-open: open while now < allowedUntil.
 */
export const REFUND_WINDOW_MS = 168 * 3_600_000;

/** The last day of a term, inclusive, as Partner Center writes commitmentEndDate. */
function lastDayOf(termEndsAt: number): string {
  return dayString(new Date(termEndsAt - DAY_MS));
}

/** Fills the lifecycle fields of a subscription restored from a snapshot written before they existed. */
export function ensureLifecycle(
  subscription: Subscription,
): Required<Pick<Subscription, 'termStartAt' | 'termEndsAt' | 'seatWindows' | 'renewals'>> & Subscription {
  if (subscription.termStartAt === undefined) subscription.termStartAt = Date.parse(subscription.creationDate);
  if (subscription.termEndsAt === undefined) subscription.termEndsAt = Date.parse(subscription.commitmentEndDate) + DAY_MS;
  if (subscription.seatWindows === undefined)
    subscription.seatWindows = [{ quantity: subscription.quantity, allowedUntil: Date.parse(subscription.refundExpiresAt) }];
  if (subscription.renewals === undefined) subscription.renewals = 0;
  return subscription as Required<Pick<Subscription, 'termStartAt' | 'termEndsAt' | 'seatWindows' | 'renewals'>> & Subscription;
}

/** Initial lifecycle of a purchase at `now` whose term starts on `start` (midnight UTC). */
export function purchaseLifecycle(
  quantity: number,
  now: number,
  start: Date,
  term: string,
): Pick<Subscription, 'termStartAt' | 'termEndsAt' | 'seatWindows' | 'renewals' | 'refundExpiresAt' | 'commitmentEndDate'> {
  const termEndsAt = termEndDate(start, term).getTime() + DAY_MS;
  return {
    termStartAt: now,
    termEndsAt,
    seatWindows: [{ quantity, allowedUntil: now + REFUND_WINDOW_MS }],
    renewals: 0,
    refundExpiresAt: new Date(now + REFUND_WINDOW_MS).toISOString(),
    commitmentEndDate: lastDayOf(termEndsAt),
  };
}

export function cancellationDeadline(subscription: Subscription): number {
  return ensureLifecycle(subscription).termStartAt + REFUND_WINDOW_MS;
}

export function openWindows(subscription: Subscription, now: number): SeatWindow[] {
  return ensureLifecycle(subscription).seatWindows.filter((window) => window.quantity > 0 && now < window.allowedUntil);
}

export function refundableTotal(subscription: Subscription, now: number): number {
  return openWindows(subscription, now).reduce((sum, window) => sum + window.quantity, 0);
}

/**
 * Renews or expires every term that ended by `now` (simulated time, so a subscription aged past several terms
 * renews several times). Renewal keeps the id and quantity, starts a new term with its own 168 h window for
 * every licence (assumed: the renewal term is `renewalTermDuration` when set, else the same term).
 * Only active (or provisioning-complete) subscriptions renew; deleted and suspended ones stay as they are.
 */
export function settleTerm(subscription: Subscription, now: number): void {
  const lifecycle = ensureLifecycle(subscription);
  if (subscription.statusOverride !== undefined) return;
  while (now >= lifecycle.termEndsAt) {
    if (!subscription.autoRenewEnabled) {
      subscription.statusOverride = 'expired';
      lifecycle.seatWindows = [];
      subscription.etagVersion += 1;
      return;
    }
    const start = lifecycle.termEndsAt;
    const term = subscription.renewalTermDuration ?? subscription.termDuration;
    lifecycle.termStartAt = start;
    lifecycle.termEndsAt = termEndDate(new Date(start), term).getTime() + DAY_MS;
    lifecycle.seatWindows = [{ quantity: subscription.quantity, allowedUntil: start + REFUND_WINDOW_MS }];
    lifecycle.renewals += 1;
    subscription.termDuration = term;
    subscription.commitmentEndDate = lastDayOf(lifecycle.termEndsAt);
    subscription.billingCycleEndDate = dayString(billingCycleEndDate(startOfUtcDay(start), subscription.billingCycle, term));
    subscription.refundExpiresAt = new Date(start + REFUND_WINDOW_MS).toISOString();
    subscription.etagVersion += 1;
  }
}

/** As if `hours` of simulated time passed for this subscription: every date it holds moves back. */
export function ageSubscription(subscription: Subscription, hours: number, now: number): void {
  const lifecycle = ensureLifecycle(subscription);
  const shift = Math.round(hours * 3_600_000);
  const back = (iso: string): string => new Date(Date.parse(iso) - shift).toISOString();
  const backDay = (day: string): string => dayString(new Date(Date.parse(day) - shift));
  lifecycle.termStartAt -= shift;
  lifecycle.termEndsAt -= shift;
  for (const window of lifecycle.seatWindows) window.allowedUntil -= shift;
  subscription.activeAt -= shift;
  subscription.creationDate = back(subscription.creationDate);
  subscription.effectiveStartDate = backDay(subscription.effectiveStartDate);
  subscription.billingCycleEndDate = backDay(subscription.billingCycleEndDate);
  subscription.commitmentEndDate = lastDayOf(lifecycle.termEndsAt);
  subscription.refundExpiresAt = new Date(lifecycle.termStartAt + REFUND_WINDOW_MS).toISOString();
  settleTerm(subscription, now);
}

/** Outcome of a quantity change: undefined = allowed (and applied), else the reason it is refused. */
export type QuantityRefusal = { reason: 'window_closed'; refundable: number } | undefined;

/**
 * Increases open a new 168 h window for the added licences. Reductions take licences from the open windows,
 * the most recently added first (assumed: Microsoft does not say which window a reduction draws on), and are
 * refused when they exceed what is still refundable.
 */
export function applyQuantity(subscription: Subscription, quantity: number, now: number): QuantityRefusal {
  const lifecycle = ensureLifecycle(subscription);
  const delta = quantity - subscription.quantity;
  if (delta === 0) return undefined;
  if (delta > 0) {
    lifecycle.seatWindows.push({ quantity: delta, allowedUntil: now + REFUND_WINDOW_MS });
    subscription.quantity = quantity;
    return undefined;
  }
  const refundable = refundableTotal(subscription, now);
  if (-delta > refundable) return { reason: 'window_closed', refundable };
  let remaining = -delta;
  const open = openWindows(subscription, now).sort((a, b) => b.allowedUntil - a.allowedUntil);
  for (const window of open) {
    const taken = Math.min(window.quantity, remaining);
    window.quantity -= taken;
    remaining -= taken;
    if (remaining === 0) break;
  }
  lifecycle.seatWindows = lifecycle.seatWindows.filter((window) => window.quantity > 0);
  subscription.quantity = quantity;
  return undefined;
}

/** Raw simulator state of a subscription for `GET /_sim/subscriptions/{id}` (tests and operators). */
export function lifecycleView(subscription: Subscription, status: string, now: number): Record<string, unknown> {
  const lifecycle = ensureLifecycle(subscription);
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    id: subscription.id,
    customerId: subscription.customerId,
    offerId: subscription.offerId,
    status,
    quantity: subscription.quantity,
    autoRenewEnabled: subscription.autoRenewEnabled,
    termDuration: subscription.termDuration,
    termStartAt: iso(lifecycle.termStartAt),
    termEndsAt: iso(lifecycle.termEndsAt),
    commitmentEndDate: subscription.commitmentEndDate,
    cancellableUntil: iso(cancellationDeadline(subscription)),
    cancellable: status === 'active' && now < cancellationDeadline(subscription),
    refundable: refundableTotal(subscription, now),
    seatWindows: lifecycle.seatWindows.map((window) => ({
      quantity: window.quantity,
      allowedUntil: iso(window.allowedUntil),
      open: now < window.allowedUntil,
    })),
    renewals: lifecycle.renewals,
    activeAt: iso(subscription.activeAt),
    etagVersion: subscription.etagVersion,
  };
}
