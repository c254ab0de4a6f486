import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import { existingAccountOrder, idempotencyKey, newAccountOrder } from './support/orders.fixture';

describe('order access, listing and cancellation (scoped reads and writes)', () => {
  let stack: TestStack;
  let api: ApiClient;
  let directPartner: ApiClient;
  let indirectPartner: ApiClient;
  let customerA: ApiClient;
  let customerB: ApiClient;
  let operator: ApiClient;
  let customerAId: string;
  let customerBId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'access' });
    api = new ApiClient(stack.apiUrl);
    directPartner = api.as(stack.credentials.partners.direct.apiKey);
    indirectPartner = api.as(stack.credentials.partners.indirect.apiKey);
    customerA = api.as(stack.credentials.customers[0].apiKey);
    customerB = api.as(stack.credentials.customers[1].apiKey);
    operator = api.as(stack.credentials.operator.apiKey);
    customerAId = stack.credentials.customers[0].id;
    customerBId = stack.credentials.customers[1].id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function order(client: ApiClient, customerId: string): Promise<string> {
    const response = await client.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  it('answers 401 without a key or with an unknown key', async () => {
    expect((await api.get('/v1/orders')).status).toBe(401);
    expect((await api.as('nce_cust_not-a-real-key-0000000000000000').get('/v1/orders')).status).toBe(401);
  });

  it('lets a customer order for itself and refuses another customerId with 403', async () => {
    await order(customerA, customerAId);
    const response = await customerA.post('/v1/orders', existingAccountOrder(customerBId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(403);
  });

  it("hides another customer's order: read and cancel are 404", async () => {
    const id = await order(customerA, customerAId);
    expect((await customerB.get(`/v1/orders/${id}`)).status).toBe(404);
    expect((await customerB.post(`/v1/orders/${id}/cancel`)).status).toBe(404);
    expect((await customerB.get(`/v1/orders/${id}/events`)).status).toBe(404);
    expect((await indirectPartner.get(`/v1/orders/${id}`)).status).toBe(404);
    expect((await customerA.get(`/v1/orders/${id}`)).status).toBe(200);
    expect((await directPartner.get(`/v1/orders/${id}`)).status).toBe(200);
    expect((await operator.get(`/v1/orders/${id}`)).status).toBe(200);
  });

  it('hides customers of another partner (404) and refuses orders for them', async () => {
    expect((await indirectPartner.get(`/v1/customers/${customerAId}`)).status).toBe(404);
    const response = await indirectPartner.post('/v1/orders', existingAccountOrder(customerAId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(404);
  });

  it("lists only the caller's orders, with filters and a cursor", async () => {
    const ids = [await order(customerB, customerBId), await order(customerB, customerBId), await order(customerB, customerBId)];
    const first = await customerB.get<{ items: Array<{ id: string; customerId: string }>; nextCursor: string | null }>(
      '/v1/orders?limit=2',
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((item) => item.customerId === customerBId)).toBe(true);
    const second = await customerB.get<{ items: Array<{ id: string }>; nextCursor: string | null }>(
      `/v1/orders?limit=2&cursor=${first.body.nextCursor}`,
    );
    const seen = [...first.body.items, ...second.body.items].map((item) => item.id);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    const filtered = await directPartner.get<{ items: Array<{ customerId: string }> }>(
      `/v1/orders?customerId=${customerBId}&status=accepted&domain=contoso.onmicrosoft.com`,
    );
    expect(filtered.body.items.length).toBeGreaterThanOrEqual(3);
    expect(filtered.body.items.every((item) => item.customerId === customerBId)).toBe(true);
    expect((await indirectPartner.get<{ items: unknown[] }>(`/v1/orders?customerId=${customerBId}`)).body.items).toHaveLength(0);
    expect((await customerB.get('/v1/orders?status=bogus')).status).toBe(400);
    expect((await customerB.get('/v1/orders?colour=red')).status).toBe(400);
  });

  it('cancels an order before checkout, and refuses with 409 once the checkout intent is recorded', async () => {
    const id = await order(customerA, customerAId);
    const cancelled = await customerA.post(`/v1/orders/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', step: null });
    expect((await customerA.post(`/v1/orders/${id}/cancel`)).status).toBe(409);

    const other = await order(customerA, customerAId);
    await stack.db.dataSource.query("UPDATE orders SET status = 'in_progress', step = 'subscription', checkout_intent = ? WHERE id = ?", [
      JSON.stringify({ cartId: 'c1', requestId: 'r1', at: new Date().toISOString() }),
      other,
    ]);
    const refused = await operator.post(`/v1/orders/${other}/cancel`);
    expect(refused.status).toBe(409);
  });

  it('refuses customer self-ordering when the partner has not opted in (403 with the reason)', async () => {
    expect((await indirectPartner.put('/v1/partner/settings', { customerSelfOrdering: false })).status).toBe(200);
    const indirectCustomer = api.as(stack.credentials.customers[2].apiKey);
    const response = await indirectCustomer.post('/v1/orders', existingAccountOrder(stack.credentials.customers[2].id), {
      'idempotency-key': idempotencyKey(),
    });
    expect(response.status).toBe(403);
    expect(String(response.body.detail)).toContain('self-ordering');
    const byPartner = await indirectPartner.post('/v1/orders', existingAccountOrder(stack.credentials.customers[2].id), {
      'idempotency-key': idempotencyKey(),
    });
    expect(byPartner.status).toBe(202);
    await indirectPartner.put('/v1/partner/settings', { customerSelfOrdering: true });
  });

  it('refuses (409) an order naming another tenant once the customer is linked', async () => {
    await stack.db.dataSource.query("UPDATE customers SET tenant_id = 'tenant-1', tenant_domain = 'linked.onmicrosoft.com' WHERE id = ?", [
      customerBId,
    ]);
    const other = await customerB.post('/v1/orders', existingAccountOrder(customerBId), { 'idempotency-key': idempotencyKey() });
    expect(other.status).toBe(409);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'account.domain' })]);
    const fresh = await customerB.post('/v1/orders', newAccountOrder(customerBId), { 'idempotency-key': idempotencyKey() });
    expect(fresh.status).toBe(409);
    const same = await customerB.post(
      '/v1/orders',
      existingAccountOrder(customerBId, { account: { type: 'existing', domain: 'linked.onmicrosoft.com', relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    expect(same.status).toBe(202);
    expect(same.body.account).toMatchObject({ customerTenantId: 'tenant-1' });
  });

  it('manages customers, their keys and partner settings with scoping', async () => {
    const created = await directPartner.post('/v1/customers', { name: 'Litware' });
    expect(created.status).toBe(201);
    const key = await directPartner.post(`/v1/customers/${created.body.id}/api-keys`, {});
    expect(key.status).toBe(201);
    expect(String(key.body.apiKey)).toMatch(/^nce_cust_/);
    const asNew = api.as(key.body.apiKey as string);
    expect((await asNew.get(`/v1/customers/${created.body.id}`)).status).toBe(200);
    expect((await asNew.post(`/v1/customers/${created.body.id}/api-keys`, {})).status).toBe(403);
    expect((await asNew.post('/v1/customers', { name: 'x' })).status).toBe(403);
    expect((await customerA.get(`/v1/customers/${created.body.id}`)).status).toBe(404);
    const list = await directPartner.get<{ items: Array<{ id: string }> }>('/v1/customers');
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
    const settings = await directPartner.put('/v1/partner/settings', { gdapDuration: 'P3Y' });
    expect(settings.status).toBe(400);
    const bad = await directPartner.put('/v1/partner/settings', { customerMcaAttestation: 'yes' });
    expect(bad.status).toBe(400);
    expect((await customerA.get('/v1/partner/settings')).status).toBe(403);
  });
});
