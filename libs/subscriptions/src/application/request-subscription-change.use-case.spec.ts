import type { Principal } from '@nce/contracts';
import { IdempotencyKeyMismatchError } from '@nce/orders';
import {
  InMemoryChangeEvents,
  InMemoryChanges,
  InMemoryCopies,
  InMemoryIdempotencyStore,
  InMemoryKnown,
  InMemoryOutbox,
  InMemoryUnitOfWork,
} from '@nce/testing/fakes';
import {
  ChangeForbiddenError,
  ChangeRefusedError,
  ChangeValidationError,
  SubscriptionCopyNotFoundError,
  SubscriptionNotSyncedError,
} from '../domain/subscription-changes.errors';
import type { SubscriptionChange } from '../domain/subscription-change.model';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';
import { CommitSubscriptionChange } from './commit-subscription-change.use-case';
import { RequestSubscriptionChange } from './request-subscription-change.use-case';

const now = new Date('2026-12-03T12:00:00.000Z');
const partner: Principal = { apiKeyId: 'key-p', role: 'partner', partnerId: 'p', customerId: null };
const customer: Principal = { apiKeyId: 'key-c', role: 'customer', partnerId: 'p', customerId: 'c' };
const stranger: Principal = { apiKeyId: 'key-x', role: 'partner', partnerId: 'other', customerId: null };

function setup(options: { clock?: () => Date; outboxFails?: boolean } = {}) {
  const changes = new InMemoryChanges();
  const events = new InMemoryChangeEvents(changes);
  const copies = new InMemoryCopies();
  const outbox = new InMemoryOutbox();
  const copy: SubscriptionCopy = {
    id: 'sub-1',
    customerId: 'c',
    partnerId: 'p',
    customerTenantId: 't',
    orderId: 'o',
    catalogItemId: 'X:1:Y',
    quantity: 5,
    status: 'active',
    autoRenew: true,
    termDuration: 'P1Y',
    billingCycle: 'monthly',
    commitmentEndDate: null,
    cancellableUntil: new Date(now.getTime() + 3_600_000),
    refundable: [{ quantity: 5, allowedUntil: new Date(now.getTime() + 3_600_000) }],
    etag: null,
    syncedAt: now,
  };
  copies.rows.set('sub-1', copy);
  const known = new InMemoryKnown([
    {
      subscriptionId: 'sub-2',
      customerId: 'c',
      partnerId: 'p',
      customerTenantId: 't',
      orderId: 'o',
      catalogItemId: 'X:1:Y',
      termDuration: 'P1Y',
      billingCycle: 'monthly',
    },
  ]);
  const idempotency = new InMemoryIdempotencyStore();
  const commit = new CommitSubscriptionChange(changes, events, outbox);
  const request = new RequestSubscriptionChange({
    unitOfWork: new InMemoryUnitOfWork().asUnitOfWork(),
    copies,
    known,
    changes,
    catalog: { plansFor: async () => [{ termDuration: 'P1Y', billingCycle: 'monthly', minQuantity: 1, maxQuantity: 300 }] as never },
    idempotency,
    commit,
    outbox: options.outboxFails
      ? {
          write: async () => {
            throw new Error('MySQL unavailable');
          },
        }
      : outbox,
    present: (change: SubscriptionChange) => ({ id: change.id, status: change.status, kind: change.kind }),
    customersMayChange: async (partnerId: string) => partnerId === 'p',
    clock: options.clock ?? (() => now),
  });
  return { request, changes, copies, events, idempotency, outbox: outbox.commands };
}

describe('RequestSubscriptionChange', () => {
  it('accepts a change with its event and its job in one commit, scoped to the owner', async () => {
    const { request, changes, events, outbox } = setup();
    const result = await request.execute(customer, 'sub-1', 'k1', { quantity: 3 });
    expect(result.status).toBe(202);
    const id = (JSON.parse(result.body) as { id: string }).id;
    expect(changes.rows.get(id)).toMatchObject({
      status: 'accepted',
      kind: 'quantity',
      requested: { quantity: 3 },
      previous: { quantity: 5, autoRenew: true, status: 'active' },
    });
    expect(events.typesOf(id)).toEqual(['subscription_change.accepted']);
    expect(outbox).toEqual([
      expect.objectContaining({
        name: 'subscription.change',
        jobId: `subscription-change-${id}-1`,
        data: { changeId: id, run: 1, correlationId: id },
      }),
    ]);
  });

  it('replays the same change for the same key and body, refuses the key with another body', async () => {
    const { request, changes } = setup();
    const first = await request.execute(partner, 'sub-1', 'k1', { autoRenew: false });
    const again = await request.execute(partner, 'sub-1', 'k1', { autoRenew: false });
    expect(again).toEqual({ ...first, replayed: true });
    expect(first.changeId).toBe([...changes.rows.keys()][0]);
    expect(changes.rows.size).toBe(1);
    await expect(request.execute(partner, 'sub-1', 'k1', { autoRenew: true })).rejects.toBeInstanceOf(IdempotencyKeyMismatchError);
  });

  it('refuses a second change while one is in flight, and does not keep the refused key', async () => {
    const { request, idempotency } = setup();
    await request.execute(partner, 'sub-1', 'k1', { quantity: 6 });
    await expect(request.execute(partner, 'sub-1', 'k2', { autoRenew: false })).rejects.toMatchObject({
      code: 'CHANGE_IN_FLIGHT',
      kind: 'conflict',
    });
    expect(idempotency.keys.has('key-p|k2')).toBe(false);
  });

  it('refuses by the NCE rules with the contract codes', async () => {
    const { request } = setup();
    await expect(request.execute(partner, 'sub-1', 'k1', { quantity: 5 })).rejects.toMatchObject({
      code: 'QUANTITY_OUT_OF_RANGE',
      kind: 'invalid',
    });
    await expect(request.execute(partner, 'sub-1', 'k2', { quantity: 301 })).rejects.toBeInstanceOf(ChangeRefusedError);
  });

  it('refuses bodies that are not exactly one change', async () => {
    const { request } = setup();
    for (const body of [
      {},
      { quantity: 3, cancel: true },
      { cancel: false },
      { quantity: 2.5 },
      { autoRenew: 'no' },
      { quantity: 3, extra: 1 },
      null,
    ]) {
      await expect(request.execute(partner, 'sub-1', 'k', body)).rejects.toBeInstanceOf(ChangeValidationError);
    }
  });

  it('lets a customer key change only when its partner opted in to customer self-service', async () => {
    const { request, copies } = setup();
    copies.rows.set('sub-1', { ...(copies.rows.get('sub-1') as SubscriptionCopy), partnerId: 'closed' });
    await expect(request.execute({ ...customer, partnerId: 'closed' }, 'sub-1', 'k', { quantity: 6 })).rejects.toBeInstanceOf(
      ChangeForbiddenError,
    );
    expect((await request.execute({ ...partner, partnerId: 'closed' }, 'sub-1', 'k', { quantity: 6 })).status).toBe(202);
  });

  it("hides other partners' and customers' subscriptions, and says when a bought one is not read yet", async () => {
    const { request } = setup();
    await expect(request.execute(stranger, 'sub-1', 'k', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionCopyNotFoundError);
    await expect(request.execute({ ...customer, customerId: 'other' }, 'sub-1', 'k', { quantity: 6 })).rejects.toBeInstanceOf(
      SubscriptionCopyNotFoundError,
    );
    await expect(request.execute(partner, 'sub-2', 'k', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionNotSyncedError);
    await expect(request.execute(stranger, 'sub-2', 'k', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionCopyNotFoundError);
  });

  it('queues a sync of a bought but unread subscription when it refuses the change, one per subscription and 5 s window', async () => {
    let at = now;
    const { request, outbox } = setup({ clock: () => at });
    await expect(request.execute(partner, 'sub-2', 'k1', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionNotSyncedError);
    at = new Date(now.getTime() + 4_000);
    await expect(request.execute(customer, 'sub-2', 'k2', { autoRenew: false })).rejects.toBeInstanceOf(SubscriptionNotSyncedError);
    const sync = {
      name: 'subscription.sync',
      data: expect.objectContaining({ customerId: 'c', subscriptionIds: ['sub-2'], reason: 'requested' }),
    };
    expect(outbox).toEqual([expect.objectContaining(sync), expect.objectContaining(sync)]);
    const [first, second] = outbox as Array<{ jobId: string }>;
    expect(second.jobId).toBe(first.jobId);
    at = new Date(now.getTime() + 6_000);
    await expect(request.execute(partner, 'sub-2', 'k3', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionNotSyncedError);
    expect((outbox[2] as { jobId: string }).jobId).not.toBe(first.jobId);
  });

  it('queues nothing for a subscription the caller may not see, and still refuses when the sync cannot be queued', async () => {
    const { request, outbox } = setup();
    await expect(request.execute(stranger, 'sub-2', 'k', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionCopyNotFoundError);
    await expect(request.execute(partner, 'sub-9', 'k', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionCopyNotFoundError);
    expect(outbox).toEqual([]);
    const failing = setup({ outboxFails: true });
    await expect(failing.request.execute(partner, 'sub-2', 'k', { quantity: 6 })).rejects.toBeInstanceOf(SubscriptionNotSyncedError);
  });
});
