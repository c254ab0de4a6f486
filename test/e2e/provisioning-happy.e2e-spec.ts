import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import { BUSINESS_BASIC, BUSINESS_STANDARD, SIGNATORY, existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { eventTypes, simLedger, simPost, simTenant, waitForOrder } from './support/provisioning';

const WORKERS = ['worker-subscription', 'worker-mca'];
const FAST = { RECHECK_BASE_MS: '200', RECHECK_MAX_MS: '1000', PROVISIONING_POLL_MS: '50' };

describe('provisioning: existing accounts through Microsoft to active subscriptions', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let indirect: ApiClient;
  let customers: TestStack['credentials']['customers'];

  beforeAll(async () => {
    stack = await startTestStack({ label: 'provhappy', workers: WORKERS, env: FAST });
    const api = new ApiClient(stack.apiUrl);
    partner = api.as(stack.credentials.partners.direct.apiKey);
    indirect = api.as(stack.credentials.partners.indirect.apiKey);
    customers = stack.credentials.customers;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('completes an order for an account with relationship and a valid MCA, with subscription details', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const body = existingAccountOrder(customers[0].id, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      items: [
        { catalogItemId: BUSINESS_BASIC, quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' },
        { catalogItemId: BUSINESS_STANDARD, quantity: 2, termDuration: 'P1M', billingCycle: 'monthly' },
      ],
    });
    const accepted = await partner.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect(accepted.status).toBe(202);
    const order = await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'completed');
    expect(order.step).toBeNull();
    expect(order.account.customerTenantId).toBe(tenant.tenantId);
    expect(order.portalUrl).toBe('https://admin.microsoft.com');
    expect(order.subscriptions).toHaveLength(2);
    expect(order.subscriptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          catalogItemId: BUSINESS_BASIC,
          status: 'active',
          quantity: 5,
          termDuration: 'P1Y',
          billingCycle: 'monthly',
        }),
        expect.objectContaining({
          catalogItemId: BUSINESS_STANDARD,
          status: 'active',
          quantity: 2,
          termDuration: 'P1M',
          billingCycle: 'monthly',
        }),
      ]),
    );
    expect(order.subscriptions.every((subscription) => subscription.commitmentEndDate)).toBe(true);
    const types = await eventTypes(partner, order.id);
    expect(types[0]).toBe('order.accepted');
    expect(types[types.length - 1]).toBe('order.completed');
    expect(types).not.toContain('order.action_required');
    const ledger = await simLedger(stack.simUrl);
    expect(ledger.checkouts.filter((checkout) => checkout.correlationId === order.id)).toHaveLength(1);
    expect(ledger.requests.filter((request) => request.correlationId === order.id).length).toBeGreaterThan(3);
    const linked = await partner.get(`/v1/customers/${customers[0].id}`);
    expect(linked.body.tenant).toEqual({ id: tenant.tenantId, domain: tenant.domain });
    const bySubscription = await partner.get<{ items: Array<{ id: string }> }>(`/v1/orders?subscriptionId=${order.subscriptions[0].id}`);
    expect(bySubscription.body.items.map((item) => item.id)).toEqual([order.id]);
  });

  it("streams the order's whole event sequence over SSE, live from the workers, in order", async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await partner.post('/v1/customers', { name: 'Streaming Ltd' });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(customer.body.id as string, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    expect(accepted.status).toBe(202);
    const response = await fetch(`${stack.apiUrl}/v1/orders/${accepted.body.id}/events`, {
      headers: { authorization: `Bearer ${stack.credentials.partners.direct.apiKey}`, accept: 'text/event-stream' },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + 20_000;
    while (!text.includes('event: order.completed') && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    const frames = text.split('\n\n').filter((frame) => frame.includes('event: '));
    const ids = frames.map((frame) => Number(/^id: (\d+)$/m.exec(frame)?.[1]));
    const types = frames.map((frame) => /^event: (\S+)$/m.exec(frame)?.[1]);
    expect(ids).toEqual(ids.map((_id, index) => index + 1));
    expect(types[0]).toBe('order.accepted');
    expect(types).toContain('order.completed');
  });

  it('parks for the partner relationship with the invitation URL and completes once it is accepted', async () => {
    const tenant = await simTenant(stack.simUrl, { relationship: false });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(customers[1].id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    const parked = await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'action_required');
    expect(parked.requiredAction).toMatchObject({ type: 'relationship_acceptance' });
    expect(parked.requiredAction?.url).toContain('admin.microsoft.com');
    expect(parked.step).toBe('account');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-relationship`);
    const done = await waitForOrder(partner, parked.id, (o) => o.status === 'completed');
    expect(done.subscriptions[0].status).toBe('active');
    expect(await eventTypes(partner, done.id)).toEqual(expect.arrayContaining(['order.action_required', 'order.completed']));
  });

  it('resumes at once on POST /resume after the customer accepted', async () => {
    await partner.put('/v1/partner/settings', {});
    const tenant = await simTenant(stack.simUrl, { relationship: false });
    const customer = await partner.post('/v1/customers', { name: 'Resume Ltd' });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(customer.body.id as string, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    const parked = await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'action_required');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-relationship`);
    const resumed = await partner.post(`/v1/orders/${parked.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('in_progress');
    await waitForOrder(partner, parked.id, (o) => o.status === 'completed');
  });

  it('carries the offer attestation and the indirect partner of record to the cart', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const body = existingAccountOrder(customers[2].id, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      items: [{ catalogItemId: 'CFQ7TTC0W365:0001:CFQ7TTC0K5WB', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
      attestations: { partnerOfRecord: true, offer: true },
      mca: { signatory: SIGNATORY },
    });
    const accepted = await indirect.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    const order = await waitForOrder(indirect, accepted.body.id as string, (o) => o.status === 'completed');
    const carts = (await (await fetch(`${stack.simUrl}/_sim/customers/${tenant.tenantId}/carts`)).json()) as
      Array<Record<string, unknown>> | { items: Array<Record<string, unknown>> };
    const list = Array.isArray(carts) ? carts : carts.items;
    expect(list).toHaveLength(1);
    const cart = list[0] as {
      partnerOnRecordAttestationAccepted?: boolean;
      lineItems: Array<{ attestationAccepted?: boolean; participants?: Array<{ key: string; value: string }>; friendlyName?: string }>;
    };
    expect(cart.partnerOnRecordAttestationAccepted).toBe(true);
    expect(cart.lineItems[0].attestationAccepted).toBe(true);
    expect(cart.lineItems[0].participants).toEqual([{ key: 'transaction_reseller', value: stack.credentials.partners.indirect.mpnId }]);
    expect(cart.lineItems[0].friendlyName).toContain(order.id);
  });
});
