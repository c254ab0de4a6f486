import { randomUUID } from 'node:crypto';
import { ManagerExecutor, UnitOfWork } from '@nce/persistence';
import { type TestDatabase, createTestDatabase } from '@nce/testing';
import { ChangeInFlightConflict } from '../application/subscription-changes.ports';
import { type SubscriptionChange, completeChange, startChange } from '../domain/subscription-change.model';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';
import { SqlSubscriptionChangeEventStore } from './sql-subscription-change-event.store';
import { SqlSubscriptionChangeRepository } from './sql-subscription-change.repository';
import { SqlKnownSubscriptions } from './sql-known-subscriptions.store';
import { SqlSubscriptionCopyStore } from './sql-subscription-copy.store';

const at = new Date('2026-12-03T12:00:00.000Z');

function aChange(subscriptionId: string, patch: Partial<SubscriptionChange> = {}): SubscriptionChange {
  return {
    id: randomUUID(),
    subscriptionId,
    customerId: randomUUID(),
    partnerId: randomUUID(),
    customerTenantId: randomUUID(),
    kind: 'quantity',
    status: 'accepted',
    requested: { quantity: 8 },
    previous: { quantity: 5, autoRenew: true, status: 'active' },
    requestId: null,
    requestRecordedAt: null,
    run: 1,
    delay: null,
    failure: null,
    lastEventSequence: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
}

describe('subscription changes in MySQL', () => {
  let db: TestDatabase;
  let uow: UnitOfWork;
  let changes: SqlSubscriptionChangeRepository;
  let events: SqlSubscriptionChangeEventStore;
  let copies: SqlSubscriptionCopyStore;

  beforeAll(async () => {
    db = await createTestDatabase('subchanges');
    uow = new UnitOfWork(db.dataSource);
    const executor = new ManagerExecutor(db.dataSource);
    changes = new SqlSubscriptionChangeRepository(executor);
    events = new SqlSubscriptionChangeEventStore(executor);
    copies = new SqlSubscriptionCopyStore(executor);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses a second change in flight on a subscription, from concurrent transactions, and allows one after completion', async () => {
    const subscriptionId = `sub-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => uow.transaction((tx) => changes.insert(tx, aChange(subscriptionId)))),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((result) => result.status === 'rejected')
        .every((result) => (result as PromiseRejectedResult).reason instanceof ChangeInFlightConflict),
    ).toBe(true);
    const [inFlight] = [...(await changes.inFlightFor([subscriptionId])).values()];
    const started = startChange(inFlight, at).change;
    await uow.transaction((tx) => changes.update(tx, started));
    await uow.transaction((tx) =>
      changes.update(tx, completeChange(started, { quantity: 8, autoRenew: true, status: 'active' }, at).change),
    );
    expect((await changes.inFlightFor([subscriptionId])).size).toBe(0);
    await uow.transaction((tx) => changes.insert(tx, aChange(subscriptionId)));
    expect((await changes.listBySubscription(subscriptionId, 10)).map((change) => change.status).sort()).toEqual(['accepted', 'completed']);
  });

  it('refuses a write based on a stale read (version)', async () => {
    const change = aChange(`sub-${randomUUID()}`);
    await uow.transaction((tx) => changes.insert(tx, change));
    await uow.transaction((tx) => changes.update(tx, { ...change, requestId: randomUUID() }));
    await expect(uow.transaction((tx) => changes.update(tx, { ...change, status: 'in_progress' }))).rejects.toThrow(
      'changed by another writer',
    );
  });

  it('numbers events per change without gaps and keeps the counter on the change row', async () => {
    const change = aChange(`sub-${randomUUID()}`);
    await uow.transaction(async (tx) => {
      await changes.insert(tx, change);
      await events.append(tx, change.id, [{ type: 'subscription_change.accepted', data: {} }], at, 0);
    });
    await uow.transaction((tx) =>
      events.append(
        tx,
        change.id,
        [
          { type: 'subscription_change.progressed', data: {} },
          { type: 'subscription_change.completed', data: {} },
        ],
        at,
        1,
      ),
    );
    expect((await events.list(change.id, 0)).map((event) => [event.sequence, event.type])).toEqual([
      [1, 'subscription_change.accepted'],
      [2, 'subscription_change.progressed'],
      [3, 'subscription_change.completed'],
    ]);
    expect((await events.list(change.id, 2)).map((event) => event.sequence)).toEqual([3]);
    expect((await events.lastSequences([change.id])).get(change.id)).toBe(3);
  });

  it('reads the known subscriptions of orders (none bought in this database yet)', async () => {
    const known = new SqlKnownSubscriptions(new ManagerExecutor(db.dataSource));
    expect(await known.withoutCopy(10)).toEqual([]);
    expect(await known.ofCustomer(randomUUID())).toEqual([]);
    expect(await known.byIds(['sub-x'])).toEqual([]);
    expect(await known.customers()).toEqual([]);
  });

  it('keeps the newest read of a subscription when an older one arrives late', async () => {
    const base: SubscriptionCopy = {
      id: `sub-${randomUUID()}`,
      customerId: randomUUID(),
      partnerId: randomUUID(),
      customerTenantId: randomUUID(),
      orderId: null,
      catalogItemId: 'X:1:Y',
      quantity: 8,
      status: 'active',
      autoRenew: true,
      termDuration: 'P1Y',
      billingCycle: 'monthly',
      commitmentEndDate: null,
      cancellableUntil: new Date('2026-12-10T00:00:00.000Z'),
      refundable: [{ quantity: 3, allowedUntil: new Date('2026-12-10T00:00:00.000Z') }],
      etag: 'e2',
      syncedAt: new Date('2026-12-03T12:00:02.000Z'),
    };
    await uow.transaction((tx) => copies.save(tx, base));
    await uow.transaction((tx) => copies.save(tx, { ...base, quantity: 5, etag: 'e1', syncedAt: new Date('2026-12-03T12:00:01.000Z') }));
    expect(await copies.find(base.id)).toEqual(base);
    await uow.transaction((tx) =>
      copies.save(tx, { ...base, quantity: 9, refundable: [], cancellableUntil: null, syncedAt: new Date('2026-12-03T12:00:03.000Z') }),
    );
    expect(await copies.find(base.id)).toMatchObject({ quantity: 9, refundable: [], cancellableUntil: null });
  });
});
