import { checkChangeRequest } from './change-intake-rules';
import type { SubscriptionCopy } from './subscription-copy.model';

const now = new Date('2026-12-03T12:00:00.000Z');
const hours = (count: number): Date => new Date(now.getTime() + count * 3_600_000);
const limits = { minQuantity: 1, maxQuantity: 300 };

function copy(patch: Partial<SubscriptionCopy> = {}): SubscriptionCopy {
  return {
    id: 'sub-1',
    customerId: 'c',
    partnerId: 'p',
    customerTenantId: 't',
    orderId: 'o',
    catalogItemId: 'X:1:Y',
    quantity: 10,
    status: 'active',
    autoRenew: true,
    termDuration: 'P1Y',
    billingCycle: 'monthly',
    commitmentEndDate: '2027-12-01T00:00:00Z',
    cancellableUntil: hours(24),
    refundable: [{ quantity: 10, allowedUntil: hours(24) }],
    etag: null,
    syncedAt: now,
    ...patch,
  };
}

describe('subscription change intake rules', () => {
  it('allows an increase at any time, even with every window closed', () => {
    expect(checkChangeRequest(copy({ refundable: [], cancellableUntil: null }), { quantity: 15 }, limits, now)).toBeNull();
  });

  it('allows a reduction of what is refundable inside its window', () => {
    expect(checkChangeRequest(copy(), { quantity: 1 }, limits, now)).toBeNull();
  });

  it('refuses a reduction beyond the refundable quantity, naming the lowest quantity possible', () => {
    const refusal = checkChangeRequest(
      copy({
        refundable: [
          { quantity: 3, allowedUntil: hours(2) },
          { quantity: 5, allowedUntil: hours(-1) },
        ],
      }),
      { quantity: 5 },
      limits,
      now,
    );
    expect(refusal).toMatchObject({ code: 'REDUCTION_EXCEEDS_REFUNDABLE' });
    expect(refusal?.detail).toContain('lowest quantity possible is 7');
  });

  it('refuses a reduction once every refund window has closed', () => {
    expect(
      checkChangeRequest(copy({ refundable: [{ quantity: 10, allowedUntil: hours(-0.01) }] }), { quantity: 9 }, limits, now),
    ).toMatchObject({ code: 'REFUND_WINDOW_CLOSED' });
  });

  it('allows a cancel until the deadline and refuses it after', () => {
    expect(checkChangeRequest(copy({ cancellableUntil: hours(0.01) }), { cancel: true }, limits, now)).toBeNull();
    expect(checkChangeRequest(copy({ cancellableUntil: now }), { cancel: true }, limits, now)).toMatchObject({
      code: 'REFUND_WINDOW_CLOSED',
    });
    expect(checkChangeRequest(copy({ cancellableUntil: null }), { cancel: true }, limits, now)).toMatchObject({
      code: 'REFUND_WINDOW_CLOSED',
    });
  });

  it('refuses quantities outside the plan limits, and an unchanged quantity', () => {
    expect(checkChangeRequest(copy(), { quantity: 301 }, limits, now)).toMatchObject({ code: 'QUANTITY_OUT_OF_RANGE' });
    expect(checkChangeRequest(copy(), { quantity: 2 }, { minQuantity: 5, maxQuantity: 300 }, now)).toMatchObject({
      code: 'QUANTITY_OUT_OF_RANGE',
    });
    expect(checkChangeRequest(copy(), { quantity: 10 }, limits, now)).toMatchObject({ code: 'QUANTITY_OUT_OF_RANGE' });
  });

  it('refuses every change on a subscription that is not active', () => {
    for (const status of ['suspended', 'deleted', 'expired', 'pending']) {
      expect(checkChangeRequest(copy({ status }), { autoRenew: false }, limits, now)).toMatchObject({ code: 'SUBSCRIPTION_NOT_ACTIVE' });
    }
  });

  it('allows switching auto-renew on an active subscription whatever the windows', () => {
    expect(checkChangeRequest(copy({ refundable: [], cancellableUntil: null }), { autoRenew: false }, limits, now)).toBeNull();
  });
});
