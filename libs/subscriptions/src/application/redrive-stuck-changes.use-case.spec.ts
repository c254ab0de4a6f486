import { InMemoryChanges, InMemoryOutbox, InMemoryUnitOfWork } from '@nce/testing/fakes';
import type { SubscriptionChange } from '../domain/subscription-change.model';
import { RedriveStuckChanges } from './redrive-stuck-changes.use-case';

const now = new Date('2026-12-03T12:00:00.000Z');
const minutesAgo = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

function aChange(id: string, subscriptionId: string, overrides: Partial<SubscriptionChange>): SubscriptionChange {
  return {
    id,
    subscriptionId,
    customerId: 'c',
    partnerId: 'p',
    customerTenantId: 't',
    kind: 'quantity',
    status: 'accepted',
    requested: { quantity: 6 },
    previous: { quantity: 5, autoRenew: true, status: 'active' },
    requestId: null,
    requestRecordedAt: null,
    run: 1,
    delay: null,
    failure: null,
    lastEventSequence: 1,
    version: 1,
    createdAt: minutesAgo(30),
    updatedAt: minutesAgo(30),
    ...overrides,
  };
}

function setup() {
  const changes = new InMemoryChanges();
  const outbox = new InMemoryOutbox();
  const unitOfWork = new InMemoryUnitOfWork();
  let kicks = 0;
  const redrive = new RedriveStuckChanges({ unitOfWork: unitOfWork.asUnitOfWork(), changes, outbox, onCommitted: () => (kicks += 1) });
  return { changes, outbox, unitOfWork, redrive, kicks: () => kicks };
}

describe('RedriveStuckChanges', () => {
  it('queues the apply job again for open changes untouched since the cutoff, with the run in the job id', async () => {
    const { changes, outbox, redrive, kicks } = setup();
    changes.rows.set('old', aChange('old', 'sub-1', { run: 2, status: 'in_progress' }));
    changes.rows.set('fresh', aChange('fresh', 'sub-2', { updatedAt: minutesAgo(1) }));
    changes.rows.set('done', aChange('done', 'sub-3', { status: 'completed' }));
    expect(await redrive.pass(minutesAgo(10), 100)).toBe(1);
    expect(outbox.jobIds()).toEqual(['subscription-change-old-2']);
    expect(kicks()).toBe(1);
  });

  it('leaves alone a change parked after its retries ran out, and wakes nobody when nothing is stuck', async () => {
    const { changes, outbox, unitOfWork, redrive, kicks } = setup();
    changes.rows.set('parked', aChange('parked', 'sub-1', { delay: { reason: 'retries_exhausted', retryAt: now } }));
    expect(await redrive.pass(minutesAgo(10), 100)).toBe(0);
    expect(outbox.commands).toEqual([]);
    expect(unitOfWork.commits).toEqual([]);
    expect(kicks()).toBe(0);
  });

  it('keeps nothing queued when the commit fails, so the next pass tries again', async () => {
    const { changes, outbox, unitOfWork, redrive, kicks } = setup();
    changes.rows.set('old', aChange('old', 'sub-1', {}));
    unitOfWork.failNextCommit();
    await expect(redrive.pass(minutesAgo(10), 100)).rejects.toThrow('commit failed');
    expect(outbox.commands).toEqual([]);
    expect(kicks()).toBe(0);
    expect(await redrive.pass(minutesAgo(10), 100)).toBe(1);
    expect(outbox.jobIds()).toEqual(['subscription-change-old-1']);
  });
});
