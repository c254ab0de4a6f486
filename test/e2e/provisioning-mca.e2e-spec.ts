import { ApiClient, type TestStack, runToCompletion, startTestStack } from '@nce/testing';
import { SIGNATORY, existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { eventTypes, simPost, simTenant, waitForOrder } from './support/provisioning';

const FAST = { RECHECK_BASE_MS: '200', RECHECK_MAX_MS: '1000', PROVISIONING_POLL_MS: '50' };

describe('provisioning: the Microsoft Customer Agreement (enhanced attestation, default)', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let customers: TestStack['credentials']['customers'];
  let api: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'provmca', workers: ['worker-subscription', 'worker-mca'], env: FAST });
    api = new ApiClient(stack.apiUrl);
    partner = api.as(stack.credentials.partners.direct.apiKey);
    customers = stack.credentials.customers;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function newCustomer(name: string): Promise<{ id: string; client: ApiClient }> {
    const created = await partner.post('/v1/customers', { name });
    const key = await partner.post(`/v1/customers/${created.body.id}/api-keys`, {});
    return { id: created.body.id as string, client: api.as(key.body.apiKey as string) };
  }

  it("asks the customer to accept on Microsoft's page when the order carries signatory data, then completes", async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'missing' });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(customers[0].id, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
        mca: { signatory: SIGNATORY },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    const parked = await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'action_required');
    expect(parked.step).toBe('mca');
    expect(parked.requiredAction?.type).toBe('mca_acceptance');
    expect(parked.requiredAction?.url).toMatch(/^http/);
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-mca`);
    const done = await waitForOrder(partner, parked.id, (o) => o.status === 'completed');
    expect(done.subscriptions[0].status).toBe('active');
    const agreements = (await (await fetch(`${stack.simUrl}/_sim/tenants/${tenant.tenantId}`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(agreements)).toContain('MicrosoftCustomerAgreement');
  });

  it('asks for the attestation data without a signatory, then for the acceptance once it is posted (stale MCA)', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const customer = await newCustomer('Stale MCA Ltd');
    const accepted = await customer.client.post(
      '/v1/orders',
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    const parked = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.requiredAction?.type === 'mca_attestation');
    expect(parked.requiredAction?.fields).toEqual(['firstName', 'lastName', 'email', 'phoneNumber']);
    expect(parked.requiredAction?.message).toContain('2023-04-01');
    const bad = await customer.client.post(`/v1/orders/${parked.id}/mca-attestation`, { signatory: { ...SIGNATORY, email: 'nope' } });
    expect(bad.status).toBe(400);
    const posted = await customer.client.post(`/v1/orders/${parked.id}/mca-attestation`, { signatory: SIGNATORY });
    expect(posted.status).toBe(200);
    expect(posted.body.status).toBe('in_progress');
    const acceptance = await waitForOrder(customer.client, parked.id, (o) => o.requiredAction?.type === 'mca_acceptance');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-mca`);
    await waitForOrder(customer.client, acceptance.id, (o) => o.status === 'completed');
    const types = await eventTypes(customer.client, parked.id);
    expect(types.filter((type) => type === 'order.action_required')).toHaveLength(2);
  });

  it("refuses the customer's attestation when the partner keeps it, and accepts the partner's", async () => {
    const indirectPartner = api.as(stack.credentials.partners.indirect.apiKey);
    expect((await indirectPartner.put('/v1/partner/settings', { customerMcaAttestation: false })).status).toBe(200);
    const tenant = await simTenant(stack.simUrl, { mca: 'missing' });
    const customer = api.as(customers[2].apiKey);
    const accepted = await customer.post(
      '/v1/orders',
      existingAccountOrder(customers[2].id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    const parked = await waitForOrder(customer, accepted.body.id as string, (o) => o.requiredAction?.type === 'mca_attestation');
    expect(parked.requiredAction?.message).toContain('partner will confirm');
    expect((await customer.post(`/v1/orders/${parked.id}/mca-attestation`, { signatory: SIGNATORY })).status).toBe(403);
    expect((await indirectPartner.post(`/v1/orders/${parked.id}/mca-attestation`, { signatory: SIGNATORY })).status).toBe(200);
    await waitForOrder(customer, parked.id, (o) => o.requiredAction?.type === 'mca_acceptance');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-mca`);
    await waitForOrder(customer, parked.id, (o) => o.status === 'completed');
    await indirectPartner.put('/v1/partner/settings', { customerMcaAttestation: true });
  });

  it('refuses an attestation for an order that does not wait for one (409)', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const accepted = await partner.post(
      '/v1/orders',
      existingAccountOrder(customers[1].id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    await waitForOrder(partner, accepted.body.id as string, (o) => o.status === 'completed');
    expect((await partner.post(`/v1/orders/${accepted.body.id}/mca-attestation`, { signatory: SIGNATORY })).status).toBe(409);
  });
});

describe('provisioning: MCA_MODE=legacy (the agreement API Microsoft retired on 2026-01-05)', () => {
  it('is refused at start with a clear message', async () => {
    const refused = await runToCompletion('worker-mca', [], { MCA_MODE: 'legacy', DATABASE_URL: 'mysql://root@127.0.0.1:1/none' }).catch(
      (error: unknown) => String(error),
    );
    expect(refused).toContain('MCA_MODE: "legacy" is no longer supported');
  });
});
