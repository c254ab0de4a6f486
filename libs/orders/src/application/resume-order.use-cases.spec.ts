import type { Principal } from '@nce/contracts';
import { InMemoryOrderingParties, inMemoryOrdersContext, anOrder } from '@nce/testing/fakes';
import { NoActionRequiredError, OrderForbiddenError, OrderNotFoundError, PostMcaAttestation, ResumeOrder } from '../index';
import type { Order } from '../domain/order.model';

const order = anOrder();
const owner: Principal = { apiKeyId: 'k-p', role: 'partner', partnerId: order.partnerId, customerId: null };
const customer: Principal = { apiKeyId: 'k-c', role: 'customer', partnerId: order.partnerId, customerId: order.customerId };
const signatory = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.com', phoneNumber: '+1 425 555 0100' };

function setup(seed: Order, customerMcaAttestation = false) {
  const context = inMemoryOrdersContext();
  context.orders.seed(seed);
  const parties = new InMemoryOrderingParties().add(
    { id: seed.customerId, partnerId: seed.partnerId, tenant: null },
    { id: seed.partnerId, channel: 'direct', settings: { customerSelfOrdering: true, customerMcaAttestation } },
  );
  let kicks = 0;
  const deps = {
    unitOfWork: context.unitOfWork.asUnitOfWork(),
    orders: context.orders,
    parties,
    commit: context.commit,
    eventSink: context.sink,
    onCommitted: () => (kicks += 1),
    clock: context.clock.now,
  };
  return {
    context,
    resume: new ResumeOrder(deps),
    attest: new PostMcaAttestation(deps),
    stored: () => context.orders.get(seed.id),
    kicks: () => kicks,
  };
}

const parked = (patch: Partial<Order> = {}): Order =>
  anOrder({
    status: 'action_required',
    step: 'mca',
    requiredAction: { type: 'mca_attestation', message: 'Give the signatory', fields: ['firstName'] },
    parkedAt: new Date('2026-11-25T09:00:00.000Z'),
    ...patch,
  });

describe('ResumeOrder', () => {
  it('re-runs a parked step now under a new run, committed before it answers', async () => {
    const { resume, context, stored, kicks } = setup(parked());
    const resumed = await resume.execute(owner, order.id);
    expect(resumed).toMatchObject({ status: 'in_progress', run: 2, requiredAction: null });
    expect(stored()).toMatchObject({ status: 'in_progress', run: 2, parkedAt: null });
    expect(context.outbox.jobIds()).toEqual([`mca-${order.id}-2`]);
    expect(kicks()).toBe(1);
  });

  it('re-checks a delayed step now (account under review)', async () => {
    const { resume, stored, context } = setup(
      anOrder({ status: 'in_progress', step: 'account', delay: { reason: 'account_under_review', retryAt: '2026-11-26T00:00:00.000Z' } }),
    );
    await resume.execute(customer, order.id);
    expect(stored()).toMatchObject({ run: 2, delay: null });
    expect(context.events.of(order.id)[0].data).toMatchObject({ phase: 'resumed', clearedDelay: 'account_under_review' });
  });

  it('refuses an order that waits for nothing, and ids that are not order ids', async () => {
    await expect(setup(anOrder({ status: 'in_progress' })).resume.execute(owner, order.id)).rejects.toBeInstanceOf(NoActionRequiredError);
    await expect(setup(parked()).resume.execute(owner, 'not-an-id')).rejects.toBeInstanceOf(OrderNotFoundError);
  });
});

describe('PostMcaAttestation', () => {
  it("records the partner's signatory in the mca step's progress and re-runs the step", async () => {
    const { attest, stored } = setup(parked());
    await attest.execute(owner, order.id, signatory);
    expect(stored()).toMatchObject({ status: 'in_progress', run: 2, progress: { mcaSignatory: signatory, attestedBy: 'partner' } });
  });

  it('lets a customer attest only when the partner allows it', async () => {
    await expect(setup(parked()).attest.execute(customer, order.id, signatory)).rejects.toBeInstanceOf(OrderForbiddenError);
    const allowed = setup(parked(), true);
    await allowed.attest.execute(customer, order.id, signatory);
    expect(allowed.stored().progress.attestedBy).toBe('customer');
  });

  it('refuses when the order waits for another action', async () => {
    const { attest } = setup(parked({ requiredAction: { type: 'relationship_acceptance', message: 'Accept' }, step: 'account' }));
    await expect(attest.execute(owner, order.id, signatory)).rejects.toBeInstanceOf(NoActionRequiredError);
  });
});
