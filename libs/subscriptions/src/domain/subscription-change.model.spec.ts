import {
  CHANGE_STATUSES,
  CHANGE_TRANSITIONS,
  type SubscriptionChange,
  canTransition,
  completeChange,
  delayChange,
  failChange,
  isApplied,
  startChange,
} from './subscription-change.model';
import { IllegalChangeTransitionError } from './subscription-changes.errors';

function change(patch: Partial<SubscriptionChange> = {}): SubscriptionChange {
  const at = new Date('2026-12-01T10:00:00.000Z');
  return {
    id: '11111111-1111-4111-8111-111111111111',
    subscriptionId: 'sub-1',
    customerId: 'c',
    partnerId: 'p',
    customerTenantId: 't',
    kind: 'quantity',
    status: 'accepted',
    requested: { quantity: 8 },
    previous: { quantity: 5, autoRenew: true, status: 'active' },
    requestId: null,
    requestRecordedAt: null,
    run: 1,
    delay: null,
    failure: null,
    lastEventSequence: 1,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
}

describe('subscription change state machine', () => {
  const now = new Date('2026-12-01T10:05:00.000Z');

  it.each(CHANGE_TRANSITIONS.map((edge) => [edge.from, edge.to]))('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  const illegal = CHANGE_STATUSES.flatMap((from) => CHANGE_STATUSES.map((to) => [from, to] as const)).filter(
    ([from, to]) => from !== to && !CHANGE_TRANSITIONS.some((edge) => edge.from === from && edge.to === to),
  );
  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('never leaves a terminal status: a completed change cannot fail, a failed one cannot complete', () => {
    expect(() => failChange(change({ status: 'completed' }), { code: 'X', message: 'x' }, now)).toThrow(IllegalChangeTransitionError);
    expect(() => completeChange(change({ status: 'failed' }), { quantity: 8, autoRenew: true, status: 'active' }, now)).toThrow(
      IllegalChangeTransitionError,
    );
  });

  it('starts an accepted change with a progressed event, and starting again changes nothing', () => {
    const started = startChange(change(), now);
    expect(started.change.status).toBe('in_progress');
    expect(started.events.map((event) => event.type)).toEqual(['subscription_change.progressed']);
    expect(startChange(started.change, now).events).toEqual([]);
  });

  it('shows a delay with its reason and retry time while staying in progress, and clears it on completion', () => {
    const retryAt = new Date('2026-12-01T10:06:00.000Z');
    const delayed = delayChange(change({ status: 'in_progress' }), 'partner_center_throttled', retryAt, now);
    expect(delayed.change).toMatchObject({ status: 'in_progress', delay: { reason: 'partner_center_throttled', retryAt } });
    expect(delayed.events[0]).toMatchObject({
      type: 'subscription_change.delayed',
      data: { delay: { reason: 'partner_center_throttled', retryAt: retryAt.toISOString() } },
    });
    expect(completeChange(delayed.change, { quantity: 8, autoRenew: true, status: 'active' }, now).change.delay).toBeNull();
  });

  it('carries the change, subscription, customer, kind and status in every event', () => {
    const failed = failChange(change({ status: 'in_progress' }), { code: 'REFUND_WINDOW_CLOSED', message: 'closed' }, now);
    expect(failed.events[0]).toEqual({
      type: 'subscription_change.failed',
      data: {
        changeId: failed.change.id,
        subscriptionId: 'sub-1',
        customerId: 'c',
        kind: 'quantity',
        status: 'failed',
        failure: { code: 'REFUND_WINDOW_CLOSED', message: 'closed' },
      },
    });
  });

  it('recognises a change Partner Center already applied when reading the subscription back', () => {
    expect(isApplied({ quantity: 8 }, { quantity: 8, autoRenew: true, status: 'active' })).toBe(true);
    expect(isApplied({ quantity: 8 }, { quantity: 5, autoRenew: true, status: 'active' })).toBe(false);
    expect(isApplied({ autoRenew: false }, { quantity: 5, autoRenew: false, status: 'active' })).toBe(true);
    expect(isApplied({ cancel: true }, { quantity: 5, autoRenew: true, status: 'active' })).toBe(false);
    expect(isApplied({ cancel: true }, { quantity: 5, autoRenew: true, status: 'deleted' })).toBe(true);
  });
});
