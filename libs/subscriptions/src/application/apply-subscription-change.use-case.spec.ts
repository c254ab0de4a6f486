import { BreakerOpenError, CallTimeoutError, ClassifiedError } from '@nce/resilience';
import { ChangeOutcomeUnknownError } from '../domain/subscription-changes.errors';
import type { SubscriptionChange } from '../domain/subscription-change.model';
import { ApplySubscriptionChange, type ChangeJob } from './apply-subscription-change.use-case';
import { CommitSubscriptionChange } from './commit-subscription-change.use-case';
import {
  FakeSubscriptionPartnerCenter,
  InMemoryChangeEvents,
  InMemoryChanges,
  InMemoryCopies,
  InMemoryOutbox,
  InMemoryUnitOfWork,
} from '@nce/testing/fakes';

const CHANGE_ID = '22222222-2222-4222-8222-222222222222';
const now = new Date('2026-12-03T12:00:00.000Z');

class WindowClosed extends Error {}

class StaleEtag extends ClassifiedError {
  constructor() {
    super({ retryClass: 'permanent', code: '412', message: 'Precondition failed' });
  }
}

function setup(requested: SubscriptionChange['requested'] = { quantity: 8 }) {
  const changes = new InMemoryChanges();
  const events = new InMemoryChangeEvents(changes);
  const copies = new InMemoryCopies();
  const partnerCenter = new FakeSubscriptionPartnerCenter({
    id: 'sub-1',
    offerId: 'X:1:Y',
    quantity: 5,
    status: 'active',
    autoRenewEnabled: true,
  });
  const woken: number[] = [];
  const apply = new ApplySubscriptionChange({
    unitOfWork: new InMemoryUnitOfWork().asUnitOfWork(),
    changes,
    copies,
    commit: new CommitSubscriptionChange(changes, events, new InMemoryOutbox()),
    partnerCenter,
    refusal: (error) => (error instanceof WindowClosed ? { code: 'REFUND_WINDOW_CLOSED', detail: error.message } : undefined),
    eventSink: { committed: (appended) => woken.push(...appended.map((event) => event.sequence)) },
    clock: () => now,
  });
  changes.rows.set(CHANGE_ID, {
    id: CHANGE_ID,
    subscriptionId: 'sub-1',
    customerId: 'c',
    partnerId: 'p',
    customerTenantId: 't',
    kind: 'quantity' in requested ? 'quantity' : 'autoRenew' in requested ? 'auto_renew' : 'cancel',
    status: 'accepted',
    requested,
    previous: { quantity: 5, autoRenew: true, status: 'active' },
    requestId: null,
    requestRecordedAt: null,
    run: 1,
    delay: null,
    failure: null,
    lastEventSequence: 1,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  copies.rows.set('sub-1', {
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
    cancellableUntil: null,
    refundable: [],
    etag: null,
    syncedAt: new Date('2026-12-01T00:00:00.000Z'),
  });
  const job = (attempt = 1, maxAttempts = 10): ChangeJob => ({
    changeId: CHANGE_ID,
    run: 1,
    correlationId: CHANGE_ID,
    attempt,
    maxAttempts,
  });
  return { apply, changes, events, copies, partnerCenter, woken, job, change: () => changes.rows.get(CHANGE_ID) as SubscriptionChange };
}

describe('ApplySubscriptionChange', () => {
  it('records the MS-RequestId before the PATCH, applies once, completes and refreshes our copy', async () => {
    const { apply, partnerCenter, change, copies, events, job } = setup();
    await apply.execute(job());
    expect(partnerCenter.applied).toHaveLength(1);
    expect(partnerCenter.sent).toEqual([change().requestId]);
    expect(change()).toMatchObject({ status: 'completed' });
    expect(events.typesOf(CHANGE_ID)).toEqual(['subscription_change.progressed', 'subscription_change.completed']);
    expect(copies.rows.get('sub-1')).toMatchObject({ quantity: 8, syncedAt: now });
  });

  it('after a timeout that committed, reads the subscription back and completes without sending again', async () => {
    const { apply, partnerCenter, change, job } = setup();
    partnerCenter.next = [{ throwAfterApply: new CallTimeoutError('commerce', 1500) }];
    await expect(apply.execute(job(1))).rejects.toBeInstanceOf(CallTimeoutError);
    expect(change().status).toBe('in_progress');
    await apply.execute(job(2));
    expect(change().status).toBe('completed');
    expect(partnerCenter.applied).toHaveLength(1);
    expect(partnerCenter.sent).toHaveLength(1);
  });

  it('after a timeout that did not commit, resends the SAME MS-RequestId', async () => {
    const { apply, partnerCenter, change, job } = setup();
    partnerCenter.next = [{ throwBeforeApply: new CallTimeoutError('commerce', 1500) }];
    await expect(apply.execute(job(1))).rejects.toBeInstanceOf(CallTimeoutError);
    await apply.execute(job(2));
    expect(change().status).toBe('completed');
    expect(new Set(partnerCenter.sent).size).toBe(1);
    expect(partnerCenter.sent).toHaveLength(2);
    expect(partnerCenter.applied).toHaveLength(1);
  });

  it("fails with our code when Partner Center refuses, keeping Microsoft's description", async () => {
    const { apply, change, events, job, partnerCenter } = setup({ quantity: 2 });
    partnerCenter.next = [{ throwBeforeApply: new WindowClosed('The refund window has passed') }];
    await apply.execute(job());
    expect(change()).toMatchObject({
      status: 'failed',
      failure: { code: 'REFUND_WINDOW_CLOSED', message: 'The refund window has passed' },
    });
    expect(events.typesOf(CHANGE_ID).at(-1)).toBe('subscription_change.failed');
    expect(partnerCenter.applied).toHaveLength(0);
  });

  it('shows an open breaker as a delay once, without failing, and completes when it closes', async () => {
    const { apply, change, events, job, partnerCenter } = setup();
    partnerCenter.next = [
      { throwBeforeApply: new BreakerOpenError('commerce', 5_000) },
      { throwBeforeApply: new BreakerOpenError('commerce', 5_000) },
    ];
    await expect(apply.execute(job(1))).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(apply.execute(job(1))).rejects.toBeInstanceOf(BreakerOpenError);
    expect(change()).toMatchObject({
      status: 'in_progress',
      delay: { reason: 'partner_center_unavailable', retryAt: new Date(now.getTime() + 5_000) },
    });
    expect(events.typesOf(CHANGE_ID).filter((type) => type === 'subscription_change.delayed')).toHaveLength(1);
    await apply.execute(job(1));
    expect(change()).toMatchObject({ status: 'completed', delay: null });
  });

  it('retries (never dead-ends) an answer that is neither success nor refusal, such as a stale If-Match', async () => {
    const { apply, change, job, partnerCenter } = setup();
    partnerCenter.next = [{ throwBeforeApply: new StaleEtag() }];
    const error = await apply.execute(job(1)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChangeOutcomeUnknownError);
    expect((error as ChangeOutcomeUnknownError).retryClass).toBe('transient');
    expect(change().status).toBe('in_progress');
    await apply.execute(job(2));
    expect(change().status).toBe('completed');
    expect(partnerCenter.applied).toHaveLength(1);
  });

  it('marks retries exhausted on the last attempt, still in progress for an operator', async () => {
    const { apply, change, job, partnerCenter } = setup();
    partnerCenter.next = [{ throwBeforeApply: new Error('socket hang up') }];
    await expect(apply.execute(job(10, 10))).rejects.toThrow('socket hang up');
    expect(change()).toMatchObject({ status: 'in_progress', delay: { reason: 'retries_exhausted' } });
  });

  it('does nothing for a finished change or a job of another run', async () => {
    const { apply, changes, job, partnerCenter } = setup();
    await apply.execute({ ...job(), run: 2 });
    expect(partnerCenter.sent).toHaveLength(0);
    await apply.execute(job());
    await apply.execute(job());
    expect(partnerCenter.applied).toHaveLength(1);
    expect(changes.rows.get(CHANGE_ID)?.status).toBe('completed');
  });

  it('cancels with status deleted and switches auto-renew', async () => {
    const cancel = setup({ cancel: true });
    await cancel.apply.execute(cancel.job());
    expect(cancel.partnerCenter.applied[0].update).toEqual({ status: 'deleted' });
    expect(cancel.copies.rows.get('sub-1')?.status).toBe('deleted');
    const autoRenew = setup({ autoRenew: false });
    await autoRenew.apply.execute(autoRenew.job());
    expect(autoRenew.partnerCenter.applied[0].update).toEqual({ autoRenewEnabled: false });
    expect(autoRenew.copies.rows.get('sub-1')?.autoRenew).toBe(false);
  });
});
