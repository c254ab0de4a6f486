import type { KnownSubscription, PartnerCenterSubscription } from './subscription-changes.ports';
import { InMemoryCopies, InMemoryKnown, InMemoryUnitOfWork } from '@nce/testing/fakes';
import { SyncSubscriptions } from './sync-subscriptions.use-case';

const now = new Date('2026-12-03T12:00:00.000Z');

function known(id: string, customerId = 'c1'): KnownSubscription {
  return {
    subscriptionId: id,
    customerId,
    partnerId: 'p',
    customerTenantId: `tenant-${customerId}`,
    orderId: 'o',
    catalogItemId: 'X:1:Y',
    termDuration: 'P1Y',
    billingCycle: 'monthly',
  };
}

function setup(items: KnownSubscription[], unreadable: string[] = []) {
  const copies = new InMemoryCopies();
  const reads: string[] = [];
  const sync = new SyncSubscriptions({
    unitOfWork: new InMemoryUnitOfWork().asUnitOfWork(),
    known: new InMemoryKnown(items, copies),
    copies,
    partnerCenter: {
      getSubscription: async (_tenant: string, id: string): Promise<PartnerCenterSubscription> => {
        reads.push(id);
        if (unreadable.includes(id)) throw new Error('503');
        return {
          id,
          offerId: 'X:1:Y',
          quantity: 4,
          status: 'Active',
          autoRenewEnabled: true,
          cancellationAllowedUntilDate: '2026-12-05T12:00:00Z',
          refundableQuantity: { totalQuantity: 4, details: [{ quantity: 4, allowedUntilDateTime: '2026-12-05T12:00:00Z' }] },
        };
      },
    },
    clock: () => now,
  });
  return { sync, copies, reads };
}

describe('SyncSubscriptions', () => {
  it('copies what Partner Center says: status, auto-renew, windows and the cancel deadline', async () => {
    const { sync, copies } = setup([known('s1')]);
    expect(await sync.customer('c1')).toEqual({ synced: 1, failed: [] });
    expect(copies.rows.get('s1')).toMatchObject({
      quantity: 4,
      status: 'active',
      autoRenew: true,
      customerTenantId: 'tenant-c1',
      syncedAt: now,
      cancellableUntil: new Date('2026-12-05T12:00:00Z'),
      refundable: [{ quantity: 4, allowedUntil: new Date('2026-12-05T12:00:00Z') }],
    });
  });

  it('reads only the named subscriptions of that customer', async () => {
    const { sync, reads } = setup([known('s1'), known('s2'), known('s3', 'c2')]);
    await sync.customer('c1', ['s2', 's3']);
    expect(reads).toEqual(['s2']);
  });

  it('goes on past a subscription it cannot read and reports it', async () => {
    const { sync, copies } = setup([known('s1'), known('s2')], ['s1']);
    const result = await sync.customer('c1');
    expect(result.synced).toBe(1);
    expect(result.failed).toEqual([{ subscriptionId: 's1', error: '503' }]);
    expect(copies.rows.has('s2')).toBe(true);
  });

  it('periodically reads never-read subscriptions first, then the stalest copies, within the limit', async () => {
    const { sync, copies, reads } = setup([known('old'), known('fresh'), known('new1'), known('new2')]);
    await sync.customer('c1', ['old', 'fresh']);
    copies.rows.get('old')!.syncedAt = new Date('2026-12-01T00:00:00.000Z');
    reads.length = 0;
    await sync.stale(new Date('2026-12-02T00:00:00.000Z'), 3);
    expect(reads).toEqual(['new1', 'new2', 'old']);
  });
});
