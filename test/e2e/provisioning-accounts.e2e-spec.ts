import { ApiClient, type TestStack, startTestStack, waitFor } from '@nce/testing';
import { EDUCATION_A3, existingAccountOrder, idempotencyKey, newAccountOrder } from './support/orders.fixture';
import { eventTypes, simLedger, simPost, simTenant, waitForOrder } from './support/provisioning';

const FAST = { RECHECK_BASE_MS: '200', RECHECK_MAX_MS: '1000', PROVISIONING_POLL_MS: '50' };

describe('provisioning: new Microsoft accounts, qualifications and GDAP roles', () => {
  let stack: TestStack;
  let api: ApiClient;
  let partner: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'provaccounts', workers: ['worker-subscription', 'worker-mca', 'worker-gdap'], env: FAST });
    api = new ApiClient(stack.apiUrl);
    partner = api.as(stack.credentials.partners.direct.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function newCustomer(name: string): Promise<{ id: string; client: ApiClient }> {
    const created = await partner.post('/v1/customers', { name });
    const key = await partner.post(`/v1/customers/${created.body.id}/api-keys`, {});
    return { id: created.body.id as string, client: api.as(key.body.apiKey as string) };
  }

  it('creates the tenant, confirms the MCA, keeps the admin credentials for the customer and its partner only, requests GDAP before checkout', async () => {
    // A role beyond Microsoft's default GDAP relationship, so the check has something to request.
    const exchangeAdministrator = '29232cdf-9323-42fd-ade2-1d097af3e4de';
    const defaults = (await partner.get<{ gdapRoles: string[] }>('/v1/partner/settings')).body.gdapRoles;
    expect((await partner.put('/v1/partner/settings', { gdapRoles: [...defaults, exchangeAdministrator] })).status).toBe(200);
    const customer = await newCustomer('Brand New Co');
    const body = newAccountOrder(customer.id);
    const accepted = await customer.client.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect(accepted.status).toBe(202);
    const domain = `${(body.account as { domainPrefix: string }).domainPrefix}.onmicrosoft.com`;
    const acceptance = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.requiredAction?.type === 'mca_acceptance');
    const tenantId = acceptance.account.customerTenantId as string;
    expect(tenantId).toBeTruthy();
    await simPost(stack.simUrl, `/_sim/tenants/${tenantId}/accept-mca`);
    const done = await waitForOrder(customer.client, acceptance.id, (o) => o.status === 'completed');
    expect(done.account).toMatchObject({ type: 'new', domain, customerTenantId: tenantId });

    const credentials = await customer.client.get(`/v1/orders/${done.id}/admin-credentials`);
    expect(credentials.status).toBe(200);
    expect(credentials.body.userName).toBe(`admin@${domain}`);
    expect(String(credentials.body.password).length).toBeGreaterThan(6);
    expect((await partner.get(`/v1/orders/${done.id}/admin-credentials`)).status).toBe(200);
    expect((await api.as(stack.credentials.operator.apiKey).get(`/v1/orders/${done.id}/admin-credentials`)).status).toBe(403);
    expect((await api.as(stack.credentials.customers[0].apiKey).get(`/v1/orders/${done.id}/admin-credentials`)).status).toBe(404);
    const [stored] = await stack.db.dataSource.query('SELECT password_encrypted FROM tenant_admin_credentials WHERE order_id = ?', [
      done.id,
    ]);
    expect(stored.password_encrypted).not.toContain(credentials.body.password);
    const audits = await stack.db.dataSource.query(
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'admin_credentials.read' AND target_id = ?",
      [done.id],
    );
    expect(Number(audits[0].n)).toBe(2);

    // GDAP was requested right after the tenant was created, before the checkout.
    const ledger = await simLedger(stack.simUrl);
    const mine = ledger.requests.filter(
      (request) => request.path.includes('delegatedAdminRelationships') || request.path.includes('/checkout'),
    );
    const firstGdap = ledger.requests.findIndex(
      (request) => request.method === 'POST' && request.path.endsWith('/delegatedAdminRelationships'),
    );
    const checkout = ledger.requests.findIndex((request) => request.path.includes('/checkout') && request.correlationId === done.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(firstGdap).toBeGreaterThanOrEqual(0);
    expect(firstGdap).toBeLessThan(checkout);
    expect((await api.as(stack.credentials.partners.direct.apiKey).get(`/v1/customers/${customer.id}`)).body.tenant).toEqual({
      id: tenantId,
      domain,
    });
    await partner.put('/v1/partner/settings', { gdapRoles: defaults });
  });

  it('fails with a clear reason when the domain is taken', async () => {
    const taken = await simTenant(stack.simUrl, { relationship: false });
    const customer = await newCustomer('Too Late Inc');
    const body = newAccountOrder(customer.id);
    (body.account as { domainPrefix: string }).domainPrefix = taken.domain.split('.')[0];
    const accepted = await customer.client.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    const failed = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.status === 'failed');
    expect(failed.failure).toMatchObject({ code: 'DOMAIN_TAKEN', step: 'account' });
    expect(failed.failure?.howToFix).toContain('domain');
  });

  it('vets a K12 education qualification: in review, then approved, then completed', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer('School District');
    const body = existingAccountOrder(customer.id, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      items: [{ catalogItemId: EDUCATION_A3, quantity: 30, termDuration: 'P1Y', billingCycle: 'monthly' }],
      qualification: { stateOwnedEntity: false, educationSegment: 'K12' },
    });
    const accepted = await customer.client.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    const review = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.requiredAction?.type === 'education_review');
    expect(review.step).toBe('qualification');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/vetting`, { qualification: 'Education', vettingStatus: 'Approved' });
    const done = await waitForOrder(customer.client, review.id, (o) => o.status === 'completed');
    expect(done.subscriptions[0].catalogItemId).toBe(EDUCATION_A3);
  });

  it('fails an education order whose vetting is denied', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/vetting`, { qualification: 'Education', vettingStatus: 'Denied' });
    const customer = await newCustomer('Denied Academy');
    const body = existingAccountOrder(customer.id, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      items: [{ catalogItemId: EDUCATION_A3, quantity: 3, termDuration: 'P1Y', billingCycle: 'monthly' }],
      qualification: { educationSegment: 'HigherEducation' },
    });
    const accepted = await customer.client.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    const failed = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.status === 'failed');
    expect(failed.failure?.code).toBe('EDUCATION_QUALIFICATION_DENIED');
  });

  it('posts the state-owned entity qualification when the order says so', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer('State Utility');
    const accepted = await customer.client.post(
      '/v1/orders',
      existingAccountOrder(customer.id, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
        qualification: { stateOwnedEntity: true },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    await waitForOrder(customer.client, accepted.body.id as string, (o) => o.status === 'completed');
    const ledger = await simLedger(stack.simUrl);
    expect(
      ledger.requests.some((request) => request.method === 'POST' && request.path === `/v1/customers/${tenant.tenantId}/qualifications`),
    ).toBe(true);
  });

  it('reports approved roles when every required role is active', async () => {
    const roles = [
      '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
      'fe930be7-5e62-47db-91af-98c3a49a38b1',
      '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
      'f023fd81-a637-4b56-95fd-791ac0226033',
    ];
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', gdap: 'active', gdapRoles: roles });
    const customer = await newCustomer('All Roles Ltd');
    const accepted = await customer.client.post(
      '/v1/orders',
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    const done = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.status === 'completed');
    await waitFor(async () => (await eventTypes(customer.client, done.id)).includes('gdap.roles_approved'), {
      what: 'gdap.roles_approved',
    });
    const roles_ = await customer.client.get(`/v1/customers/${customer.id}/partner-roles`);
    expect(roles_.body).toMatchObject({ status: 'approved', missingRoles: [] });
  });

  it('requests missing roles, publishes the approval URL and reports approval once the customer approves', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', gdap: 'none' });
    const customer = await newCustomer('Missing Roles Ltd');
    const accepted = await customer.client.post(
      '/v1/orders',
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    const done = await waitForOrder(customer.client, accepted.body.id as string, (o) => o.status === 'completed');
    await waitFor(async () => (await eventTypes(customer.client, done.id)).includes('gdap.approval_required'), {
      what: 'gdap.approval_required',
    });
    const pending = await customer.client.get(`/v1/customers/${customer.id}/partner-roles`);
    expect(pending.body.status).toBe('approval_pending');
    expect(String(pending.body.approvalUrl)).toMatch(
      /^https:\/\/admin\.microsoft\.com\/AdminPortal\/Home#\/partners\/invitation\/granularAdminRelationships\//,
    );
    const relationshipId = String(pending.body.approvalUrl).split('/').pop();
    await simPost(stack.simUrl, `/_sim/gdap/${relationshipId}/approve`);
    await waitFor(async () => (await eventTypes(customer.client, done.id)).includes('gdap.roles_approved'), {
      what: 'gdap.roles_approved',
      timeoutMs: 20_000,
    });
    const order = await customer.client.get(`/v1/orders/${done.id}`);
    expect(order.body.gdap).toMatchObject({ status: 'approved' });
  });
});
