import type { Principal } from '@nce/contracts';
import { InMemoryIdempotencyStore, InMemoryOrderingParties, aPlan, catalogOf, inMemoryOrdersContext } from '@nce/testing/fakes';
import {
  IdempotencyKeyInProgressError,
  IdempotencyKeyMismatchError,
  OrderConflictError,
  OrderForbiddenError,
  OrderNotFoundError,
  OrderValidationError,
  SubmitOrder,
  requestHash,
} from '../index';
import type { OrderingPartner } from './orders.ports';

const PARTNER = '2b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
const CUSTOMER = '1b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
const OTHER_CUSTOMER = '3b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
const partnerKey: Principal = { apiKeyId: 'key-p', role: 'partner', partnerId: PARTNER, customerId: null };
const customerKey: Principal = { apiKeyId: 'key-c', role: 'customer', partnerId: PARTNER, customerId: CUSTOMER };
const ITEM = aPlan().catalogItemId;

function body(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: CUSTOMER,
    items: [{ catalogItemId: ITEM, quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }],
    account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
    termsAccepted: true,
    ...patch,
  };
}

function setup(
  options: {
    partner?: Partial<OrderingPartner['settings']>;
    channel?: 'direct' | 'indirect';
    tenant?: { id: string; domain: string } | null;
  } = {},
) {
  const context = inMemoryOrdersContext();
  const parties = new InMemoryOrderingParties().add(
    { id: CUSTOMER, partnerId: PARTNER, tenant: options.tenant ?? null },
    {
      id: PARTNER,
      channel: options.channel ?? 'direct',
      settings: { customerSelfOrdering: true, customerMcaAttestation: false, ...options.partner },
    },
  );
  parties.customers.set(OTHER_CUSTOMER, { id: OTHER_CUSTOMER, partnerId: 'another-partner', tenant: null });
  const idempotency = new InMemoryIdempotencyStore();
  let kicks = 0;
  const submit = new SubmitOrder({
    unitOfWork: context.unitOfWork.asUnitOfWork(),
    parties,
    catalog: catalogOf([aPlan()]),
    idempotency,
    commit: context.commit,
    present: (order) => ({ id: order.id, status: order.status }),
    onCommitted: () => (kicks += 1),
    eventSink: context.sink,
    clock: context.clock.now,
  });
  return { submit, context, idempotency, kicks: () => kicks };
}

describe('SubmitOrder', () => {
  it('commits the order, its order.accepted event, the account command and the stored response together', async () => {
    const { submit, context, idempotency, kicks } = setup();
    const result = await submit.execute(partnerKey, 'k1', body());
    if (result.replayed) throw new Error('expected a new order');
    expect(context.orders.get(result.order.id)).toMatchObject({
      status: 'accepted',
      step: 'account',
      run: 1,
      customerId: CUSTOMER,
      partnerId: PARTNER,
    });
    expect(context.events.of(result.order.id).map((event) => event.type)).toEqual(['order.accepted']);
    expect(context.outbox.jobIds()).toEqual([`account-${result.order.id}-1`]);
    expect(idempotency.keys.get('key-p|k1')).toMatchObject({
      state: 'completed',
      status: 202,
      body: JSON.stringify({ id: result.order.id, status: 'accepted' }),
    });
    expect(context.unitOfWork.commits).toEqual(['writeBatch']);
    expect(context.sink.types()).toEqual(['order.accepted']);
    expect(kicks()).toBe(1);
  });

  it('carries the price agreed at intake on each item', async () => {
    const { submit } = setup({ partner: { pricing: { markupPercent: { commercial: 10, education: null }, priceList: [] } } });
    const result = await submit.execute(partnerKey, 'k1', body());
    if (result.replayed) throw new Error('expected a new order');
    expect(result.order.items[0].price).toEqual({ unitPrice: 6.6, currency: 'USD', billingCycle: 'monthly' });
  });

  it('replays the stored response for the same key and body without a second order', async () => {
    const { submit, context } = setup();
    const first = await submit.execute(partnerKey, 'k1', body());
    const again = await submit.execute(partnerKey, 'k1', body());
    if (first.replayed || !again.replayed) throw new Error('expected an order, then a replay');
    expect(again).toEqual({
      replayed: true,
      orderId: first.order.id,
      response: { status: 202, body: JSON.stringify({ id: first.order.id, status: 'accepted' }) },
    });
    expect(context.orders.all()).toHaveLength(1);
  });

  it('refuses the same key with another body, and while the first request is still running', async () => {
    const { submit, idempotency } = setup();
    await submit.execute(partnerKey, 'k1', body());
    await expect(submit.execute(partnerKey, 'k1', body({ reference: 'other' }))).rejects.toBeInstanceOf(IdempotencyKeyMismatchError);
    // Another request with the same key and body has claimed it and not committed yet.
    idempotency.keys.set('key-p|k2', { hash: requestHash(body()), state: 'in_progress', at: new Date() });
    await expect(submit.execute(partnerKey, 'k2', body())).rejects.toBeInstanceOf(IdempotencyKeyInProgressError);
  });

  it('frees the key when the commit fails, so the client can send it again', async () => {
    const { submit, context, idempotency } = setup();
    context.unitOfWork.failNextCommit();
    await expect(submit.execute(partnerKey, 'k1', body())).rejects.toThrow('commit failed');
    expect(context.orders.all()).toEqual([]);
    expect(context.outbox.commands).toEqual([]);
    expect(idempotency.keys.has('key-p|k1')).toBe(false);
    const retried = await submit.execute(partnerKey, 'k1', body());
    expect(retried.replayed).toBe(false);
  });

  it('answers field errors for a body that breaks the schema or the business rules, claiming no key', async () => {
    const { submit, idempotency } = setup();
    await expect(
      submit.execute(
        partnerKey,
        'k1',
        body({ items: [{ catalogItemId: ITEM, quantity: '5', termDuration: 'P1Y', billingCycle: 'monthly' }] }),
      ),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ field: 'items[0].quantity' })],
    });
    await expect(
      submit.execute(
        partnerKey,
        'k1',
        body({ items: [{ catalogItemId: ITEM, quantity: 500, termDuration: 'P1Y', billingCycle: 'monthly' }] }),
      ),
    ).rejects.toBeInstanceOf(OrderValidationError);
    expect(idempotency.keys.size).toBe(0);
  });

  it('lets a customer key order only for its own customer, and only when the partner allows self-ordering', async () => {
    await expect(setup().submit.execute(customerKey, 'k1', body({ customerId: OTHER_CUSTOMER }))).rejects.toBeInstanceOf(
      OrderForbiddenError,
    );
    await expect(setup({ partner: { customerSelfOrdering: false } }).submit.execute(customerKey, 'k1', body())).rejects.toBeInstanceOf(
      OrderForbiddenError,
    );
    expect((await setup().submit.execute(customerKey, 'k1', body())).replayed).toBe(false);
  });

  it("hides another partner's customer as not found", async () => {
    await expect(setup().submit.execute(partnerKey, 'k1', body({ customerId: OTHER_CUSTOMER }))).rejects.toBeInstanceOf(OrderNotFoundError);
  });

  it('keeps a customer linked to a tenant on that tenant', async () => {
    const linked = setup({ tenant: { id: 't-1', domain: 'contoso.onmicrosoft.com' } });
    const newAccount = {
      type: 'new',
      domainPrefix: 'fabrikam',
      companyName: 'Fabrikam',
      contact: { firstName: 'A', lastName: 'B', email: 'a@fabrikam.com', phoneNumber: '+1 425 555 0100' },
      address: { addressLine1: '1 Main St', city: 'Redmond', postalCode: '98052', country: 'US' },
    };
    await expect(linked.submit.execute(partnerKey, 'k1', body({ account: newAccount }))).rejects.toMatchObject({ field: 'account.type' });
    await expect(
      linked.submit.execute(
        partnerKey,
        'k2',
        body({ account: { type: 'existing', domain: 'other.onmicrosoft.com', relationshipConfirmed: true } }),
      ),
    ).rejects.toBeInstanceOf(OrderConflictError);
    const result = await linked.submit.execute(partnerKey, 'k3', body());
    if (result.replayed) throw new Error('expected a new order');
    expect(result.order.account).toMatchObject({ type: 'existing', customerTenantId: 't-1' });
  });

  it('records a new account under its onmicrosoft.com domain with the request as given', async () => {
    const { submit } = setup();
    const signatory = { firstName: 'A', lastName: 'B', email: 'a@fabrikam.com', phoneNumber: '+1 425 555 0100' };
    const result = await submit.execute(
      partnerKey,
      'k1',
      body({
        account: {
          type: 'new',
          domainPrefix: 'fabrikam',
          companyName: 'Fabrikam',
          contact: signatory,
          address: { addressLine1: '1 Main St', city: 'Redmond', postalCode: '98052', country: 'US' },
        },
        mca: { signatory },
        reference: 'PO-1',
        priority: 'bulk',
        attestations: { partnerOfRecord: true },
      }),
    );
    if (result.replayed) throw new Error('expected a new order');
    expect(result.order.account.domain).toBe('fabrikam.onmicrosoft.com');
    expect(result.order.request).toMatchObject({
      reference: 'PO-1',
      priority: 'bulk',
      mca: { signatory },
      attestations: { partnerOfRecord: true, offer: false },
    });
  });
});
