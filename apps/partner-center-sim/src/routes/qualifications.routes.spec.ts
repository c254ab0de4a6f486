import { SimTestKit } from '../testing/sim-test-kit';

describe('qualifications and account validation status', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  it('approves StateOwnedEntity at once and lists qualifications as an array', async () => {
    const tenantId = await sim.createTenant();
    const created = await sim.call('POST', `/v1/customers/${tenantId}/qualifications`, { body: { Qualification: 'StateOwnedEntity' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      qualification: 'StateOwnedEntity',
      vettingStatus: 'Approved',
      vettingCreateDate: expect.any(String),
    });
    const list = await sim.call<unknown[]>('GET', `/v1/customers/${tenantId}/qualifications`, { token: 'app' });
    expect(list.body).toEqual([expect.objectContaining({ qualification: 'StateOwnedEntity' })]);
  });

  it('keeps Education InReview until the control API decides the vetting', async () => {
    const tenantId = await sim.createTenant();
    const created = await sim.call('POST', `/v1/customers/${tenantId}/qualifications`, {
      body: { qualification: 'education', educationSegment: 'higher_education', website: 'https://uni.example' },
    });
    expect(created.body.vettingStatus).toBe('InReview');
    const decided = await sim.control('POST', `/_sim/tenants/${tenantId}/vetting`, { qualification: 'Education', vettingStatus: 'Denied' });
    expect(decided.body.applied).toBe('decided');
    const list = await sim.call<Record<string, unknown>[]>('GET', `/v1/customers/${tenantId}/qualifications`);
    expect(list.body[0]).toMatchObject({ vettingStatus: 'Denied', vettingReason: expect.any(String) });
  });

  it('applies a vetting decision made before the qualification was requested', async () => {
    const tenantId = await sim.createTenant();
    expect(
      (await sim.control('POST', `/_sim/tenants/${tenantId}/vetting`, { qualification: 'Education', vettingStatus: 'Approved' })).body
        .applied,
    ).toBe('preset');
    const created = await sim.call('POST', `/v1/customers/${tenantId}/qualifications`, {
      body: { qualification: 'Education', educationSegment: 'K12' },
    });
    expect(created.body.vettingStatus).toBe('Approved');
  });

  it('requires an education segment, and a validation code for GCC', async () => {
    const tenantId = await sim.createTenant();
    expect((await sim.call('POST', `/v1/customers/${tenantId}/qualifications`, { body: { qualification: 'Education' } })).status).toBe(400);
    expect(
      (await sim.call('POST', `/v1/customers/${tenantId}/qualifications`, { body: { qualification: 'GovernmentCommunityCloud' } })).status,
    ).toBe(400);
    expect(
      (
        await sim.call('POST', `/v1/customers/${tenantId}/qualifications?code=ABC123`, {
          body: { qualification: 'GovernmentCommunityCloud' },
        })
      ).body.vettingStatus,
    ).toBe('Approved');
    expect((await sim.call('POST', `/v1/customers/${tenantId}/qualifications`, { body: { qualification: 'Nonprofit' } })).status).toBe(400);
  });

  it.each(['Allowed', 'UnderReview', 'NotAllowed', 'Unknown'])('reports account validation status %s', async (accountStatus) => {
    const tenantId = await sim.createTenant({ accountStatus });
    const response = await sim.call('GET', `/v1/customers/${tenantId}/validationStatus?type=account`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ type: 'account', status: accountStatus, lastUpdateDateTime: expect.any(String) });
  });

  it('answers 404 600074 when the customer has no account status', async () => {
    const tenantId = await sim.createTenant({ accountStatus: 'None' });
    const response = await sim.call('GET', `/v1/customers/${tenantId}/validationStatus?type=account`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 600074, errorName: 'AccountStatusNotFound', isRetryable: false });
    await sim.control('PUT', `/_sim/tenants/${tenantId}/account-status`, { status: 'UnderReview' });
    expect((await sim.call('GET', `/v1/customers/${tenantId}/validationStatus?type=account`)).body.status).toBe('UnderReview');
  });
});
