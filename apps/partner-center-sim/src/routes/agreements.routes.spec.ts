import { SimTestKit } from '../testing/sim-test-kit';

const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';
const CONTACT = { firstName: 'Grace', lastName: 'Hopper', email: 'grace@contoso.example', phoneNumber: '+1 425 555 0100' };

describe('Microsoft Customer Agreement', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  it('returns MCA metadata with the documented template id', async () => {
    const response = await sim.call<{ items: Record<string, unknown>[] }>('GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement');
    expect(response.body.items).toEqual([
      expect.objectContaining({
        templateId: MCA_TEMPLATE_ID,
        agreementType: 'MicrosoftCustomerAgreement',
        agreementLink: 'https://aka.ms/customeragreement',
      }),
    ]);
  });

  it.each([
    ['valid', 1, '2023-04-01'],
    ['stale', 1, '2022-06-01'],
    ['missing', 0, undefined],
  ])('models a %s MCA as agreements and direct-sign status', async (mca, count, notBefore) => {
    const tenantId = await sim.createTenant({ mca });
    const agreements = await sim.call<{ items: { dateAgreed: string }[] }>(
      'GET',
      `/v1/customers/${tenantId}/agreements?agreementType=MicrosoftCustomerAgreement`,
    );
    expect(agreements.body.items).toHaveLength(count);
    if (notBefore !== undefined) expect(agreements.body.items[0].dateAgreed.slice(0, 10) >= notBefore).toBe(true);
    if (mca === 'stale') expect(agreements.body.items[0].dateAgreed < '2023-04-01').toBe(true);
    expect((await sim.call('GET', `/v1/customers/${tenantId}/directSignedMicrosoftCustomerAgreementStatus`)).body.isSigned).toBe(false);
  });

  it('refuses the legacy partner attestation Microsoft retired on 2026-01-05, whatever the token', async () => {
    const tenantId = await sim.createTenant({ mca: 'missing' });
    const body = {
      primaryContact: CONTACT,
      templateId: MCA_TEMPLATE_ID,
      dateAgreed: '2026-01-02T10:00:00Z',
      type: 'MicrosoftCustomerAgreement',
    };
    for (const token of ['user', 'app'] as const) {
      const refused = await sim.call('POST', `/v1/customers/${tenantId}/agreements`, { body, token });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errorName: 'ApiRetired', isRetryable: false });
    }
    expect(
      (await sim.call<{ items: unknown[] }>('GET', `/v1/customers/${tenantId}/agreements?agreementType=MicrosoftCustomerAgreement`)).body
        .items,
    ).toHaveLength(0);
  });

  it('runs the enhanced attestation flow: create, customer accepts, agreement from the attestation', async () => {
    const tenantId = await sim.createTenant({ mca: 'missing', companyName: 'Fabrikam' });
    const attestation = await sim.call('POST', '/v1/attestations/enhanced', {
      token: 'app',
      body: {
        Country: 'US',
        Language: 'en',
        CompanyName: 'Fabrikam',
        SignatoryFirstName: 'Ada',
        SignatoryLastName: 'Lovelace',
        SignatoryEmail: 'ada@fabrikam.example',
      },
    });
    expect(attestation.status).toBe(201);
    expect(attestation.body).toMatchObject({
      status: 'pending',
      createdDateTime: expect.any(String),
      expirationDateTime: expect.any(String),
    });
    const id = String(attestation.body.id);
    expect(attestation.body.acceptanceUrl).toBe(`${sim.url}/_sim/mca/accept/${id}`);
    const page = await fetch(String(attestation.body.acceptanceUrl));
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(`/_sim/attestations/${id}/accept`);

    const agreementBody = {
      type: 'MicrosoftCustomerAgreement',
      templateId: MCA_TEMPLATE_ID,
      attestationId: id,
      primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@fabrikam.example' },
    };
    const early = await sim.call('POST', `/v1/customers/${tenantId}/agreements`, { token: 'app', body: agreementBody });
    expect(early.status).toBe(400);

    const accepted = await sim.control<{ acceptedAttestations: string[]; directSigned: boolean }>(
      'POST',
      `/_sim/tenants/${tenantId}/accept-mca`,
    );
    expect(accepted.body).toEqual({ tenantId, directSigned: false, acceptedAttestations: [id] });
    expect((await sim.call('GET', `/v1/attestations/enhanced/${id}`, { token: 'app' })).body.status).toBe('accepted');

    expect((await sim.call('POST', `/v1/customers/${tenantId}/agreements`, { token: 'user', body: agreementBody })).body.code).toBe(900329);
    const agreement = await sim.call('POST', `/v1/customers/${tenantId}/agreements`, { token: 'app', body: agreementBody });
    expect(agreement.status).toBe(201);
    expect(agreement.body.attestationId).toBe(id);
    const again = await sim.call('POST', `/v1/customers/${tenantId}/agreements`, { token: 'app', body: agreementBody });
    expect(again.body.code).toBe(600061);
    const inspected = await sim.control('GET', `/_sim/tenants/${tenantId}`);
    expect(inspected.body.mca).toBe('valid');
  });

  it('accepts the MCA by direct signature when no attestation is pending', async () => {
    const tenantId = await sim.createTenant({ mca: 'missing' });
    await sim.control('POST', `/_sim/tenants/${tenantId}/accept-mca`);
    expect((await sim.call('GET', `/v1/customers/${tenantId}/directSignedMicrosoftCustomerAgreementStatus`)).body.isSigned).toBe(true);
  });

  it('accepts an attestation through the page form', async () => {
    const attestation = await sim.call('POST', '/v1/attestations/enhanced', {
      token: 'app',
      body: {
        country: 'de',
        language: 'de',
        companyName: 'Contoso GmbH',
        signatoryFirstName: 'A',
        signatoryLastName: 'B',
        signatoryEmail: 'a@b.example',
      },
    });
    const response = await fetch(`${sim.url}/_sim/attestations/${String(attestation.body.id)}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(response.status).toBe(200);
    expect((await sim.call('GET', `/v1/attestations/enhanced/${String(attestation.body.id)}`, { token: 'app' })).body).toMatchObject({
      status: 'accepted',
      country: 'DE',
    });
  });
});
