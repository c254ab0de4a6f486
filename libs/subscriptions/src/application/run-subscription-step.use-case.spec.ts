import type { SubscriptionProgress } from '@nce/orders';
import { FakeStepContext, InMemoryCommerce, aPlan, anOrderOn, catalogOf, partnerCenterError } from '@nce/testing/fakes';
import { CHECKOUT_REFUSALS } from '../domain/checkout-failures.mapper';
import { PORTAL_URL, RunSubscriptionStep, type SubscriptionsPartnerCenter } from './run-subscription-step.use-case';

const timeout = () => partnerCenterError('TIMEOUT', { httpStatus: null, retryClass: 'transient', description: 'no answer' });

function setup(options: { channel?: 'direct' | 'indirect'; requiresOfferAttestation?: boolean; commerce?: InMemoryCommerce } = {}) {
  const commerce = options.commerce ?? new InMemoryCommerce();
  const step = new RunSubscriptionStep(
    commerce as unknown as SubscriptionsPartnerCenter,
    catalogOf([aPlan({ requiresOfferAttestation: options.requiresOfferAttestation ?? false })]),
    {
      pollMs: 1_000,
      recheckBaseMs: 60_000,
      recheckMaxMs: 3_600_000,
      catalogCountry: 'US',
      partnerOf: async () => ({ channel: options.channel ?? 'direct', mpnId: options.channel === 'indirect' ? '1234567' : null }),
    },
  );
  const order = anOrderOn('subscription', { progress: { customerTenantId: 't-1' } });
  const context = new FakeStepContext<SubscriptionProgress>(order);
  /** One run on what the previous runs committed (saved intent and outcome progress). */
  const runOnce = async () => {
    const outcome = await step.run(context.order, context);
    if ('progress' in outcome) context.commit(outcome.progress);
    return outcome;
  };
  return { step, commerce, order, context, runOnce };
}

describe('the subscription step: one cart, one checkout', () => {
  it('records the intent before the checkout, orders once and waits for the subscriptions to turn active', async () => {
    const { commerce, context, runOnce, order } = setup();
    commerce.activationReads = 1;
    expect(await runOnce()).toMatchObject({
      kind: 'poll',
      retryInMs: 1_000,
      progress: { provisioningPolls: 1, partnerCenterOrderIds: ['pc-order-2'] },
    });
    expect(context.saves).toEqual([{ checkoutIntent: { cartId: 'cart-1', requestId: expect.any(String), at: expect.any(String) } }]);
    const done = await runOnce();
    expect(done).toMatchObject({
      kind: 'done',
      portalUrl: PORTAL_URL,
      subscriptions: [
        {
          id: 'sub-pc-order-2-0',
          status: 'active',
          quantity: 5,
          termDuration: 'P1Y',
          billingCycle: 'monthly',
          commitmentEndDate: '2027-11-25',
        },
      ],
      commands: [
        { name: 'gdap.check', jobId: `gdap-${order.customerId}-order-${order.id}`, data: { reason: 'order_completed', orderId: order.id } },
        // Our copy of the new subscriptions is read at once, so they can be changed (issue 17).
        {
          name: 'subscription.sync',
          jobId: `subscription-sync-order-${order.id}`,
          data: { customerId: order.customerId, subscriptionIds: ['sub-pc-order-2-0'], reason: 'order_completed' },
        },
      ],
    });
    expect(commerce.carts.size).toBe(1);
    expect(commerce.orders).toHaveLength(1);
  });

  it('checks out the cart of the recorded intent with its MS-RequestId, never a second cart', async () => {
    const { commerce, context, runOnce } = setup();
    const cart = await commerce.createCart('t-1', { lineItems: [] });
    context.order = { ...context.order, checkoutIntent: { cartId: cart.id, requestId: 'request-1', at: '2026-11-25T10:00:00.000Z' } };
    await runOnce();
    expect(commerce.carts.size).toBe(1);
    expect(commerce.checkouts).toEqual([{ cartId: cart.id, requestId: 'request-1' }]);
    expect(context.saves).toEqual([]);
  });

  it('after a timeout whose checkout went through (cart Ordered), finds the orders by their lines instead of ordering again', async () => {
    const { commerce, runOnce } = setup();
    commerce.faults.push({ kind: 'lost_after_commit', error: timeout() });
    expect(await runOnce()).toMatchObject({ kind: 'done', subscriptions: [{ id: 'sub-pc-order-2-0' }] });
    expect(commerce.orders).toHaveLength(1);
    expect(commerce.checkouts).toHaveLength(1);
  });

  it('after a timeout that never reached Microsoft (cart Active), retries with the same MS-RequestId and orders once', async () => {
    const { commerce, runOnce } = setup();
    const lost = timeout();
    commerce.faults.push({ kind: 'lost_before_commit', error: lost });
    await expect(runOnce()).rejects.toBe(lost);
    expect(commerce.orders).toEqual([]);
    expect(await runOnce()).toMatchObject({ kind: 'done' });
    expect(commerce.checkouts.map((checkout) => checkout.requestId)).toEqual([
      commerce.checkouts[0].requestId,
      commerce.checkouts[0].requestId,
    ]);
    expect(commerce.carts.size).toBe(1);
    expect(commerce.orders).toHaveLength(1);
  });

  it('waits without burning an attempt while Microsoft is still working on the cart (800060, cart Active)', async () => {
    const { commerce, runOnce } = setup();
    commerce.faults.push({ kind: 'lost_before_commit', error: partnerCenterError('800060', { httpStatus: 409, retryClass: 'transient' }) });
    const outcome = await runOnce();
    expect(outcome).toMatchObject({ kind: 'poll', progress: { checkoutBusyChecks: 1 } });
    expect((outcome as { retryInMs: number }).retryInMs).toBeGreaterThanOrEqual(1_000);
    expect(await runOnce()).toMatchObject({ kind: 'done' });
    expect(commerce.orders).toHaveLength(1);
  });

  it('polls when the submitted cart’s orders are not readable yet', async () => {
    const commerce = new InMemoryCommerce();
    commerce.reconcileCheckout = async (tenantId, cartId) => ({
      state: 'ordered',
      cart: await commerce.getCart(tenantId, cartId),
      orders: [],
    });
    const { runOnce } = setup({ commerce });
    commerce.faults.push({ kind: 'lost_after_commit', error: timeout() });
    expect(await runOnce()).toEqual({ kind: 'poll', retryInMs: 1_000 });
  });

  it('rethrows an error raised before sending (breaker open) without reading the cart back', async () => {
    const { commerce, runOnce } = setup();
    const open = partnerCenterError('BREAKER_OPEN', { httpStatus: null, retryClass: 'upstream_unavailable' });
    commerce.faults.push({ kind: 'lost_before_commit', error: open });
    commerce.reconcileCheckout = async () => Promise.reject(new Error('must not read the cart back'));
    await expect(runOnce()).rejects.toBe(open);
  });

  it.each(Object.entries(CHECKOUT_REFUSALS))('fails with %s’s stable code when Microsoft refuses the checkout', async (pcCode, refusal) => {
    const { commerce, runOnce } = setup();
    commerce.faults.push({ kind: 'refuse', error: partnerCenterError(pcCode) });
    expect(await runOnce()).toEqual({ kind: 'fail', ...refusal });
    expect(commerce.orders).toEqual([]);
  });

  it('delays a checkout refused for an account under review, backing off', async () => {
    const { commerce, runOnce } = setup();
    commerce.faults.push({ kind: 'refuse', error: partnerCenterError('800073') }, { kind: 'refuse', error: partnerCenterError('800074') });
    expect(await runOnce()).toEqual({ kind: 'delay', reason: 'account_under_review', retryInMs: 60_000, progress: { reviewChecks: 1 } });
    expect(await runOnce()).toMatchObject({ retryInMs: 120_000, progress: { reviewChecks: 2 } });
  });

  it('names the plan Microsoft no longer sells when the availability is gone', async () => {
    const { commerce, runOnce } = setup();
    commerce.faults.push({ kind: 'refuse', error: partnerCenterError('400019', { httpStatus: 404 }) });
    expect(await runOnce()).toMatchObject({
      kind: 'fail',
      code: 'PLAN_NO_LONGER_AVAILABLE',
      message: expect.stringContaining('CFQ7TTC0LH18:0001:CFQ7TTC0K971'),
    });
  });

  it('reports the cart’s line errors when the plan is still sold', async () => {
    const commerce = new InMemoryCommerce();
    commerce.listAvailabilities = async () => [{ id: 'CFQ7TTC0K971', isPurchasable: true }];
    const { runOnce } = setup({ commerce });
    commerce.faults.push({ kind: 'refuse', error: partnerCenterError('800009') });
    const created = commerce.createCart;
    commerce.createCart = async (tenantId, request) => {
      const cart = await created(tenantId, request);
      commerce.carts.get(cart.id)!.lineItems[0].error = { errorCode: 10001, errorDescription: 'Seat count too low' };
      return cart;
    };
    expect(await runOnce()).toMatchObject({
      kind: 'fail',
      code: 'CART_LINE_REJECTED',
      message: expect.stringContaining('Seat count too low'),
    });
  });

  it('fails with the order error when the checkout placed no order', async () => {
    const commerce = new InMemoryCommerce();
    commerce.checkoutCart = async () => ({
      orders: [],
      orderErrors: [{ orderGroupId: '0', code: 800002, description: 'Not enough credit' }],
    });
    const { runOnce } = setup({ commerce });
    expect(await runOnce()).toEqual({
      kind: 'fail',
      code: 'CHECKOUT_ORDER_ERROR_800002',
      message: 'Not enough credit',
      howToFix: expect.any(String),
    });
  });

  it('puts the reseller of record and the attestations the plan and channel need on the cart', async () => {
    const { commerce, runOnce, context } = setup({ channel: 'indirect', requiresOfferAttestation: true });
    context.order = { ...context.order, request: { ...context.order.request, attestations: { partnerOfRecord: true, offer: true } } };
    await runOnce();
    const cart = [...commerce.carts.values()][0];
    expect(cart.lineItems[0]).toMatchObject({
      friendlyName: `NCE-${context.order.id}-1`,
      attestationAccepted: true,
      participants: [{ key: 'transaction_reseller', value: '1234567' }],
    });
  });

  it('reads the subscriptions of the orders a crashed run already found, without checking out', async () => {
    const { commerce, runOnce, context } = setup();
    await runOnce();
    context.order = { ...context.order, checkoutIntent: null };
    await runOnce();
    expect(commerce.checkouts).toHaveLength(1);
  });
});
