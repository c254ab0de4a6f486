import { randomUUID } from 'node:crypto';
import { type CreateCustomerRequest, PC_ERROR, PartnerCenterError, type PartnerCenterClient } from '@nce/partner-center';
import { PARTNER_TENANT_ID, SimHarness, uniqueDomain } from './sim-harness';

function customerBody(domain: string, country = 'US', extra: { phone?: string; registrationNumber?: string } = {}): CreateCustomerRequest {
  return {
    companyProfile: { domain, companyName: 'Contract Test Ltd', organizationRegistrationNumber: extra.registrationNumber },
    billingProfile: {
      email: 'owner@contract.example',
      culture: 'en-US',
      language: 'en',
      companyName: 'Contract Test Ltd',
      defaultAddress: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        addressLine1: '1 Main Street',
        city: 'Redmond',
        state: 'WA',
        postalCode: '98052',
        country,
        phoneNumber: extra.phone,
      },
    },
    enableGDAPByDefault: true,
  };
}

describe('PartnerCenterClient contract: customers, relationships, qualifications, validation', () => {
  let sim: SimHarness;
  let client: PartnerCenterClient;

  beforeAll(async () => {
    sim = await SimHarness.start();
    client = sim.client();
  });
  afterAll(() => sim.close());

  it('checks domain availability with HEAD (404 → available, 200 → taken)', async () => {
    const { domain } = await sim.createTenant({ domain: uniqueDomain('taken') });
    await expect(client.isDomainAvailable(domain)).resolves.toBe(false);
    await expect(client.isDomainAvailable(uniqueDomain('free'))).resolves.toBe(true);
  });

  it('creates a customer, returns the admin credentials once, and replays on the same MS-RequestId', async () => {
    const domain = uniqueDomain('new');
    const requestId = randomUUID();
    const created = await client.createCustomer(customerBody(domain), { requestId, correlationId: 'order-create-1' });
    expect(created.companyProfile.domain).toBe(domain);
    expect(created.userCredentials.userName).toBe('admin');
    expect(created.userCredentials.password.length).toBeGreaterThan(8);
    expect(created.relationshipToPartner).toBe('reseller');
    const replay = await client.createCustomer(customerBody(domain), { requestId });
    expect(replay.id).toBe(created.id);
    expect(replay.userCredentials).toEqual(created.userCredentials);
    await expect(client.isDomainAvailable(domain)).resolves.toBe(false);
  });

  it.each([
    ['600051 (phone missing)', 'RU', { registrationNumber: '1234567890' }, PC_ERROR.phoneNumberMissing],
    ['600049 (registration number missing)', 'RU', { phone: '+7 495 000 0000' }, PC_ERROR.registrationNumberMissing],
    [
      '600050 (registration number format)',
      'RU',
      { phone: '+7 495 000 0000', registrationNumber: 'abc' },
      PC_ERROR.registrationNumberInvalid,
    ],
    ['600002 (registration number not supported)', 'US', { registrationNumber: '12345' }, PC_ERROR.registrationNumberNotSupported],
  ])('rejects a create with %s as a permanent error', async (_label, country, extra, code) => {
    const body = customerBody(uniqueDomain('bad'), country, extra);
    if (country !== 'US')
      body.billingProfile.defaultAddress = { ...body.billingProfile.defaultAddress, state: undefined, postalCode: undefined };
    const error = await client.createCustomer(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ httpStatus: 400, code, retryClass: 'permanent' });
  });

  it('creates a customer for an indirect reseller with an App+User token (app-only is refused there)', async () => {
    const created = await client.createCustomer({ ...customerBody(uniqueDomain('ind')), associatedPartnerId: randomUUID() });
    expect(created.associatedPartnerId).toBeDefined();
  });

  it('gets a customer and reports 20002 when the relationship is missing', async () => {
    const linked = await sim.createTenant({ domain: uniqueDomain('get') });
    await expect(client.getCustomer(linked.tenantId)).resolves.toMatchObject({
      id: linked.tenantId,
      companyProfile: { domain: linked.domain },
    });
    const unlinked = await sim.createTenant({ domain: uniqueDomain('nor'), relationship: false });
    await expect(client.getCustomer(unlinked.tenantId)).rejects.toMatchObject({
      httpStatus: 403,
      code: PC_ERROR.noRelationship,
      retryClass: 'permanent',
    });
    await expect(client.getCustomer(randomUUID())).rejects.toMatchObject({ httpStatus: 404, code: PC_ERROR.tenantNotFound });
  });

  it('finds a customer by exact domain (not a prefix match) and returns null for unknown domains', async () => {
    const base = uniqueDomain('find').replace('.onmicrosoft.com', '');
    const exact = await sim.createTenant({ domain: `${base.slice(0, 24)}.onmicrosoft.com` });
    await sim.createTenant({ domain: `${base.slice(0, 24)}x.onmicrosoft.com` });
    await expect(client.findCustomerByDomain(exact.domain)).resolves.toMatchObject({ id: exact.tenantId });
    await expect(client.findCustomerByDomain(uniqueDomain('none'))).resolves.toBeNull();
  });

  it('follows links.next (MS-ContinuationToken) when the match is beyond the first page', async () => {
    const prefix = `pg${Date.now().toString(36)}`;
    // Page size is 100: 101 earlier customers' domains start with the searched one, so it is on page 2.
    for (let i = 0; i < 101; i += 1) await sim.createTenant({ domain: `${prefix}.example.n${i}` });
    const target = await sim.createTenant({ domain: `${prefix}.example` });
    sim.observations.length = 0;
    const found = await client.findCustomerByDomain(target.domain);
    expect(found?.id).toBe(target.tenantId);
    expect(sim.observations.filter((observation) => observation.route === 'GET /v1/customers')).toHaveLength(2);
  });

  it('returns the reseller relationship request URL, direct and indirect', async () => {
    const direct = await client.getRelationshipRequestUrl();
    expect(direct).toContain('invType=ResellerRelationship');
    expect(direct).toContain(`partnerId=${PARTNER_TENANT_ID}`);
    const resellerId = randomUUID();
    const indirect = await client.getRelationshipRequestUrl({
      indirectResellerId: resellerId,
      indirectCloudSolutionProviderId: PARTNER_TENANT_ID,
    });
    expect(indirect).toContain('invType=IndirectResellerRelationship');
    expect(indirect).toContain(resellerId);
  });

  it('lists the partner relationships of an indirect customer', async () => {
    const created = await client.createCustomer({ ...customerBody(uniqueDomain('rel')), associatedPartnerId: 'reseller-tenant-1' });
    const relationships = await client.getCustomerRelationships(created.id);
    expect(relationships.map((relationship) => relationship.relationshipType).sort()).toEqual([
      'is_indirect_cloud_solution_provider_of',
      'is_indirect_reseller_of',
    ]);
  });

  it('creates an Education qualification (InReview) and reads it back after vetting', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('edu') });
    const created = await client.createQualification(tenant.tenantId, { qualification: 'Education', educationSegment: 'K12' });
    expect(created).toMatchObject({ qualification: 'Education', vettingStatus: 'InReview' });
    await sim.control('POST', `/_sim/tenants/${tenant.tenantId}/vetting`, { qualification: 'Education', vettingStatus: 'Approved' });
    await expect(client.getQualifications(tenant.tenantId)).resolves.toEqual([
      expect.objectContaining({ qualification: 'Education', vettingStatus: 'Approved' }),
    ]);
    await expect(client.createQualification(tenant.tenantId, { qualification: 'StateOwnedEntity' })).resolves.toMatchObject({
      vettingStatus: 'Approved',
    });
  });

  it.each(['Allowed', 'UnderReview', 'NotAllowed', 'Unknown'] as const)('reads account validation status %s', async (status) => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('val'), accountStatus: status });
    await expect(client.getValidationStatus(tenant.tenantId)).resolves.toMatchObject({ type: 'account', status });
  });

  it('maps 404 600074 (no account status) to { status: null }', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('nost'), accountStatus: 'None' });
    await expect(client.getValidationStatus(tenant.tenantId)).resolves.toEqual({ status: null });
  });

  it('waits (authentication breaker) on 403 900329 when an app-only token is forced on an App+User route', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('appo') });
    const error = await client.transport
      .send({
        dependency: 'customers',
        target: 'partner_center',
        auth: 'app',
        route: {
          method: 'GET',
          template: '/v1/customers/{id}/validationStatus',
          path: `/v1/customers/${tenant.tenantId}/validationStatus?type=account`,
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 403, code: 'PARTNER_CENTER_AUTHENTICATION', retryClass: 'upstream_unavailable' });
    expect((error as Error).message).toContain(PC_ERROR.appOnlyNotSupported);
  });
});
