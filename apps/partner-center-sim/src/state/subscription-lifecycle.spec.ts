import type { Subscription } from './commerce.model';
import {
  REFUND_WINDOW_MS,
  ageSubscription,
  applyQuantity,
  ensureLifecycle,
  purchaseLifecycle,
  refundableTotal,
  settleTerm,
} from './subscription-lifecycle';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 10, 9, 30);

function subscription(quantity: number, term = 'P1M'): Subscription {
  const start = new Date(Date.UTC(2026, 0, 10));
  return {
    id: 's',
    entitlementId: 'e',
    customerId: 'c',
    orderId: 'o',
    offerId: 'X:1:Y',
    offerName: 'n',
    productId: 'X',
    skuId: '1',
    availabilityId: 'Y',
    friendlyName: 'f',
    quantity,
    creationDate: new Date(T0).toISOString(),
    effectiveStartDate: '2026-01-10T00:00:00Z',
    billingCycleEndDate: '2026-02-09T00:00:00Z',
    activeAt: T0,
    autoRenewEnabled: true,
    billingCycle: 'monthly',
    termDuration: term as Subscription['termDuration'],
    etagVersion: 1,
    ...purchaseLifecycle(quantity, T0, start, term),
  } as Subscription;
}

describe('subscription lifecycle', () => {
  it('reduces from the most recently added licences first, so older windows keep their licences', () => {
    const sub = subscription(5);
    applyQuantity(sub, 8, T0 + 100 * HOUR);
    expect(applyQuantity(sub, 6, T0 + 101 * HOUR)).toBeUndefined();
    expect(ensureLifecycle(sub).seatWindows).toEqual([
      { quantity: 5, allowedUntil: T0 + REFUND_WINDOW_MS },
      { quantity: 1, allowedUntil: T0 + 100 * HOUR + REFUND_WINDOW_MS },
    ]);
    // After the purchase window, only the one licence left from the increase is refundable.
    expect(refundableTotal(sub, T0 + REFUND_WINDOW_MS)).toBe(1);
    expect(applyQuantity(sub, 4, T0 + REFUND_WINDOW_MS)).toEqual({ reason: 'window_closed', refundable: 1 });
    expect(sub.quantity).toBe(6);
  });

  it('renews once per term passed while auto-renew is on, each time with a fresh window for every licence', () => {
    const sub = subscription(3);
    ageSubscription(sub, 24 * 65, T0);
    expect(ensureLifecycle(sub).renewals).toBe(2);
    expect(refundableTotal(sub, T0)).toBe(3);
    expect(ensureLifecycle(sub).termEndsAt).toBeGreaterThan(T0);
    expect(Date.parse(sub.refundExpiresAt)).toBe(ensureLifecycle(sub).termStartAt + REFUND_WINDOW_MS);
  });

  it('expires at the term end when auto-renew is off and leaves deleted subscriptions alone', () => {
    const off = subscription(2);
    off.autoRenewEnabled = false;
    ageSubscription(off, 24 * 40, T0);
    expect(off.statusOverride).toBe('expired');
    expect(refundableTotal(off, T0)).toBe(0);
    const deleted = subscription(2);
    deleted.statusOverride = 'deleted';
    settleTerm(deleted, T0 + 24 * 40 * HOUR);
    expect(ensureLifecycle(deleted).renewals).toBe(0);
  });

  it('fills the lifecycle of a subscription restored from an older snapshot from its dates', () => {
    const old = subscription(4) as Partial<Subscription> & Subscription;
    delete old.termStartAt;
    delete old.termEndsAt;
    delete old.seatWindows;
    delete old.renewals;
    const filled = ensureLifecycle(old);
    expect(filled.seatWindows).toEqual([{ quantity: 4, allowedUntil: T0 + REFUND_WINDOW_MS }]);
    expect(filled.termStartAt).toBe(T0);
    expect(filled.renewals).toBe(0);
  });
});
