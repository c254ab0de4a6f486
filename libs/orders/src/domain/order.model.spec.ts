import { anOrder } from '@nce/testing/fakes';
import { CheckoutAlreadyRecordedError, IllegalTransitionError, NoActionRequiredError } from './order.errors';
import {
  acceptOrder,
  cancelOrder,
  completeStep,
  delayOrder,
  failOrder,
  requireAction,
  resumeOrder,
  orderTotals,
  retryFailedOrder,
  startStep,
} from './order.model';

const now = new Date('2026-11-25T10:00:00.000Z');

describe('order aggregate', () => {
  it('accepts with an order.accepted event and the account command', () => {
    const change = acceptOrder(anOrder());
    expect(change.events.map((event) => event.type)).toEqual(['order.accepted']);
    expect(change.commands).toEqual([{ step: 'account', run: 1 }]);
  });

  it('moves accepted → in_progress when the first step starts, and only once', () => {
    const started = startStep(anOrder(), 'account', now);
    expect(started.order.status).toBe('in_progress');
    expect(started.events).toHaveLength(1);
    expect(startStep(started.order, 'account', now).events).toHaveLength(0);
  });

  it('goes account → mca → subscription → completed without a qualification', () => {
    let order = startStep(anOrder(), 'account', now).order;
    const afterAccount = completeStep(order, 'account', { customerTenantId: 't1' }, now);
    expect(afterAccount.commands).toEqual([{ step: 'mca', run: 1 }]);
    order = completeStep(afterAccount.order, 'mca', {}, now).order;
    expect(order.step).toBe('subscription');
    const done = completeStep(order, 'subscription', {}, now);
    expect(done.order.status).toBe('completed');
    expect(done.order.step).toBeNull();
    expect(done.events[0].type).toBe('order.completed');
  });

  it('parks with a required action, re-checks later, and resumes under a new run', () => {
    const running = startStep(anOrder(), 'mca', now).order;
    const parked = requireAction(running, { type: 'mca_attestation', message: 'Give signatory data', fields: ['firstName'] }, 60_000, now);
    expect(parked.order.status).toBe('action_required');
    expect(parked.commands).toEqual([{ step: 'mca', run: 1, delayMs: 60_000 }]);
    expect(requireAction(parked.order, parked.order.requiredAction!, 60_000, now).events).toHaveLength(0);
    const resumed = resumeOrder(parked.order, ['mca_attestation'], { attestedBy: 'partner' }, now);
    expect(resumed.order.status).toBe('in_progress');
    expect(resumed.order.run).toBe(2);
    expect(resumed.commands).toEqual([{ step: 'mca', run: 2 }]);
  });

  it('refuses to resume an order that waits for another action', () => {
    const running = startStep(anOrder(), 'account', now).order;
    const parked = requireAction(running, { type: 'relationship_acceptance', message: 'Accept', url: 'https://x' }, 1000, now).order;
    expect(() => resumeOrder(parked, ['mca_attestation'], {}, now)).toThrow(NoActionRequiredError);
  });

  it('delays visibly without leaving in_progress', () => {
    const running = startStep(anOrder(), 'subscription', now).order;
    const delayed = delayOrder(running, 'partner_center_unavailable', new Date(now.getTime() + 30_000), now);
    expect(delayed.order.status).toBe('in_progress');
    expect(delayed.events[0].type).toBe('order.delayed');
    expect(delayed.commands[0].delayMs).toBe(30_000);
  });

  it('cancels before checkout but not after the checkout intent is recorded', () => {
    expect(cancelOrder(anOrder(), 'owner', now).order.status).toBe('cancelled');
    const checkingOut = anOrder({
      status: 'in_progress',
      step: 'subscription',
      checkoutIntent: { cartId: 'c', requestId: 'r', at: now.toISOString() },
    });
    expect(() => cancelOrder(checkingOut, 'owner', now)).toThrow(CheckoutAlreadyRecordedError);
  });

  it('fails with the step recorded and retries from that step', () => {
    const running = startStep(anOrder(), 'mca', now).order;
    const failed = failOrder(running, { code: 'MCA_DENIED', message: 'm', howToFix: 'h' }, now).order;
    expect(failed.step).toBeNull();
    expect(failed.failure?.step).toBe('mca');
    const retried = retryFailedOrder(failed, now);
    expect(retried.order.status).toBe('in_progress');
    expect(retried.commands).toEqual([{ step: 'mca', run: 2 }]);
  });

  it('refuses to complete an order whose steps never started', () => {
    expect(() => completeStep(anOrder({ status: 'accepted', step: 'subscription' }), 'subscription', {}, now)).toThrow(
      IllegalTransitionError,
    );
  });

  it('resumes a parked order whose re-check found the condition cleared', () => {
    const parked = requireAction(
      startStep(anOrder(), 'account', now).order,
      { type: 'relationship_acceptance', message: 'Accept', url: 'https://x' },
      1000,
      now,
    ).order;
    const next = completeStep(parked, 'account', {}, now);
    expect(next.order).toMatchObject({ status: 'in_progress', step: 'mca', requiredAction: null, parkedAt: null });
  });
});

describe('order totals', () => {
  it('sums each billing cycle and currency per period, leaving out items without a price', () => {
    const items = [
      {
        catalogItemId: 'a',
        quantity: 3,
        termDuration: 'P1Y',
        billingCycle: 'monthly',
        price: { unitPrice: 6.1, currency: 'USD', billingCycle: 'monthly' },
      },
      {
        catalogItemId: 'b',
        quantity: 2,
        termDuration: 'P1Y',
        billingCycle: 'monthly',
        price: { unitPrice: 12.5, currency: 'USD', billingCycle: 'monthly' },
      },
      {
        catalogItemId: 'c',
        quantity: 1,
        termDuration: 'P1Y',
        billingCycle: 'annual',
        price: { unitPrice: 100, currency: 'EUR', billingCycle: 'annual' },
      },
      { catalogItemId: 'd', quantity: 9, termDuration: 'P1Y', billingCycle: 'monthly' },
    ];
    expect(orderTotals(items)).toEqual([
      { billingCycle: 'monthly', currency: 'USD', amount: 43.3 },
      { billingCycle: 'annual', currency: 'EUR', amount: 100 },
    ]);
  });
});
