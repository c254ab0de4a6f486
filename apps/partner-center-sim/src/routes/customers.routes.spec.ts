import { SimTestKit, customerBody, uniqueDomain } from '../testing/sim-test-kit';

describe('customers and relationships', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  it('creates a customer with one-time admin credentials and Microsoft default GDAP relationship', async () => {
    const domain = uniqueDomain('new');
    const created = await sim.call('POST', '/v1/customers', { token: 'app', body: customerBody(domain) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      companyProfile: { domain },
      relationshipToPartner: 'reseller',
      userCredentials: { userName: 'admin' },
      attributes: { objectType: 'Customer' },
    });
    const credentials = created.body.userCredentials as Record<string, string>;
    expect(credentials.password.length).toBeGreaterThanOrEqual(12);
    const id = String(created.body.id);
    const fetched = await sim.call('GET', `/v1/customers/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.userCredentials).toBeUndefined();
    const gdap = await sim.call<{ value: Record<string, unknown>[] }>(
      'GET',
      `/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=${encodeURIComponent(`customer/tenantId eq '${id}'`)}`,
      { token: 'app' },
    );
    expect(gdap.body.value).toHaveLength(1);
    expect(gdap.body.value[0]).toMatchObject({ status: 'active' });
    expect((gdap.body.value[0].accessDetails as { unifiedRoles: unknown[] }).unifiedRoles).toHaveLength(11);
  });

  it('creates no default GDAP relationship when enableGDAPByDefault is false', async () => {
    const created = await sim.call('POST', '/v1/customers', { body: { ...customerBody(uniqueDomain()), enableGDAPByDefault: false } });
    const gdap = await sim.call<{ value: unknown[] }>(
      'GET',
      `/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=${encodeURIComponent(`customer/tenantId eq '${String(created.body.id)}'`)}`,
    );
    expect(gdap.body.value).toHaveLength(0);
  });

  it('replays the original response for a retry with the same MS-RequestId', async () => {
    const headers = { 'MS-RequestId': '0b1c2d3e-0000-4000-8000-000000000001' };
    const body = customerBody(uniqueDomain('idem'));
    const first = await sim.call('POST', '/v1/customers', { body, headers });
    const second = await sim.call('POST', '/v1/customers', { body, headers });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('ms-requestid')).toBe(headers['MS-RequestId']);
    const third = await sim.call('POST', '/v1/customers', { body });
    expect(third.status).toBe(400);
  });

  it('fails a creation with 27002 when the notification e-mail is inside the new domain, leaving the domain taken', async () => {
    const domain = uniqueDomain('part');
    const body = customerBody(domain) as { BillingProfile: Record<string, unknown> };
    body.BillingProfile.Email = `owner@${domain}`;
    const response = await sim.call('POST', '/v1/customers', { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 27002 });
    expect((await sim.call('HEAD', `/v1/domains/${domain}`)).status).toBe(200);
  });

  it('refuses a taken domain with the observed message and a simulator-specific code', async () => {
    const domain = uniqueDomain('taken');
    await sim.control('POST', '/_sim/domains', { domain });
    expect((await sim.call('HEAD', `/v1/domains/${domain}`)).status).toBe(200);
    expect((await sim.call('HEAD', `/v1/domains/${uniqueDomain('free')}`)).status).toBe(404);
    const response = await sim.call('POST', '/v1/customers', { body: customerBody(domain) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 990001,
      description: 'The domain specified during customer creation is already used by another tenant',
    });
    expect(String(response.body.errorMessageExtended)).toContain('SimulatorSpecific');
  });

  it.each([
    ['RU', undefined, '+7 495 000 00 00', 600049],
    ['RU', '12345', '+7 495 000 00 00', 600050],
    ['US', '123456789', undefined, 600002],
    ['UA', '12345678', undefined, 600051],
  ])('validates %s customers: registration number %s, phone %s → %s', async (country, registrationNumber, phone, code) => {
    const response = await sim.call('POST', '/v1/customers', {
      body: customerBody(uniqueDomain(), { country, registrationNumber, phone }),
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it('accepts a Russian customer with a 10-digit INN and a phone', async () => {
    const response = await sim.call('POST', '/v1/customers', {
      body: customerBody(uniqueDomain(), { country: 'RU', registrationNumber: '7707083893', phone: '+74950000000' }),
    });
    expect(response.status).toBe(201);
    expect(response.body.companyProfile).toMatchObject({ organizationRegistrationNumber: '7707083893' });
  });

  it('creates a customer for an indirect reseller only with App+User', async () => {
    const body = { ...customerBody(uniqueDomain()), AssociatedPartnerId: '11111111-2222-3333-4444-555555555555' };
    expect((await sim.call('POST', '/v1/customers', { token: 'app', body })).body.code).toBe(900329);
    const created = await sim.call('POST', '/v1/customers', { token: 'user', body });
    expect(created.status).toBe(201);
    expect(created.body.associatedPartnerId).toBe('11111111-2222-3333-4444-555555555555');
    const relationships = await sim.call<{ items: Record<string, unknown>[] }>(
      'GET',
      `/v1/customers/${String(created.body.id)}/relationships`,
    );
    expect(relationships.body.items.map((item) => item.relationshipType)).toEqual([
      'is_indirect_reseller_of',
      'is_indirect_cloud_solution_provider_of',
    ]);
  });

  it('lists only customers with a relationship, filtered by domain prefix and paged', async () => {
    const visible = await sim.createTenant({ domain: 'alphaone.onmicrosoft.com' });
    await sim.createTenant({ domain: 'alphatwo.onmicrosoft.com' });
    await sim.createTenant({ domain: 'alphathree.onmicrosoft.com', relationship: false });
    const filter = encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: 'alpha', Operator: 'starts_with' }));
    const page = await sim.call<{
      totalCount: number;
      items: { id: string }[];
      links: { next?: { headers: { key: string; value: string }[] } };
      attributes: unknown;
    }>('GET', `/v1/customers?size=1&filter=${filter}`);
    expect(page.body).toMatchObject({ totalCount: 1, attributes: { objectType: 'Collection' } });
    expect(page.body.items[0].id).toBe(visible);
    const next = page.body.links.next;
    expect(next).toBeDefined();
    const second = await sim.call<{ items: unknown[]; links: { next?: unknown } }>('GET', '/v1/customers?size=1&seekOperation=Next', {
      headers: { 'MS-ContinuationToken': next?.headers[0].value ?? '' },
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.links.next).toBeUndefined();
    const exact = encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: 'alphathree.onmicrosoft.com', Operator: 'starts_with' }));
    expect((await sim.call<{ items: unknown[] }>('GET', `/v1/customers?filter=${exact}`)).body.items).toHaveLength(0);
  });

  it('answers 403 20002 for a tenant without relationship until the customer accepts the invitation', async () => {
    const tenantId = await sim.createTenant({ relationship: false });
    const before = await sim.call('GET', `/v1/customers/${tenantId}`);
    expect(before.status).toBe(403);
    expect(before.body.code).toBe(20002);
    await sim.control('POST', `/_sim/tenants/${tenantId}/accept-relationship`);
    expect((await sim.call('GET', `/v1/customers/${tenantId}`)).body.relationshipToPartner).toBe('reseller');
    await sim.control('POST', `/_sim/tenants/${tenantId}/remove-relationship`, { respond: 404 });
    expect((await sim.call('GET', `/v1/customers/${tenantId}`)).status).toBe(404);
  });

  it('returns direct and indirect reseller relationship request links', async () => {
    const direct = await sim.call('GET', '/v1/customers/relationshiprequests');
    expect(direct.body).toMatchObject({ attributes: { objectType: 'RelationshipRequest' } });
    expect(String(direct.body.url)).toContain('invType=ResellerRelationship&partnerId=7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11');
    expect(String(direct.body.url)).not.toContain('DAP=');
    const indirect = await sim.call('GET', '/v1/customers/relationshiprequests?indirectResellerId=aaaaaaaa-0000-0000-0000-000000000001');
    expect(String(indirect.body.url)).toContain('invType=IndirectResellerRelationship&partnerId=aaaaaaaa-0000-0000-0000-000000000001');
    expect(String(indirect.body.url)).toContain('indirectCSPId=7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11');
  });

  it('echoes MS-RequestId and MS-CorrelationId, generates them when missing, and adds MS-CV', async () => {
    const echoed = await sim.call('GET', '/v1/customers', { headers: { 'MS-RequestId': 'req-1', 'MS-CorrelationId': 'corr-1' } });
    expect(echoed.headers.get('ms-requestid')).toBe('req-1');
    expect(echoed.headers.get('ms-correlationid')).toBe('corr-1');
    expect(echoed.headers.get('ms-cv')).toMatch(/\.0$/);
    const generated = await sim.call('GET', '/v1/customers');
    expect(generated.headers.get('ms-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
