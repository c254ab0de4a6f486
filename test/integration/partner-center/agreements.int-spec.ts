import { type CreateAgreementRequest, PC_ERROR, type PartnerCenterClient } from '@nce/partner-center';
import { SimHarness, uniqueDomain } from './sim-harness';

describe('PartnerCenterClient contract: MCA (legacy agreements, enhanced attestation, direct sign)', () => {
  let sim: SimHarness;
  let client: PartnerCenterClient;
  let templateId: string;

  beforeAll(async () => {
    sim = await SimHarness.start();
    client = sim.client();
    const [metadata] = await client.getAgreementMetadata();
    templateId = metadata.templateId;
  });
  afterAll(() => sim.close());

  const legacyBody = (email: string): CreateAgreementRequest => ({
    type: 'MicrosoftCustomerAgreement',
    templateId,
    dateAgreed: new Date().toISOString(),
    primaryContact: { firstName: 'Grace', lastName: 'Hopper', email, phoneNumber: '+1 425 555 0100' },
  });

  it('reads the MCA agreement metadata', async () => {
    const metadata = await client.getAgreementMetadata('MicrosoftCustomerAgreement');
    expect(metadata).toEqual([expect.objectContaining({ agreementType: 'MicrosoftCustomerAgreement', templateId: expect.any(String) })]);
  });

  it('lists a customer agreements: empty when the MCA is missing, one when valid', async () => {
    const missing = await sim.createTenant({ domain: uniqueDomain('mcam'), mca: 'missing' });
    const valid = await sim.createTenant({ domain: uniqueDomain('mcav'), mca: 'valid' });
    await expect(client.listAgreements(missing.tenantId)).resolves.toEqual([]);
    await expect(client.listAgreements(valid.tenantId)).resolves.toEqual([
      expect.objectContaining({ type: 'MicrosoftCustomerAgreement', templateId }),
    ]);
  });

  it('is refused the legacy partner attestation Microsoft retired on 2026-01-05 (a permanent error)', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('leg'), mca: 'missing' });
    const error = await client.createAgreement(tenant.tenantId, legacyBody('grace@contract.example')).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 400, retryClass: 'permanent' });
    await expect(client.listAgreements(tenant.tenantId)).resolves.toHaveLength(0);
  });

  it('runs the enhanced flow: attestation (app-only) → customer accepts → agreement from the attestation', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('enh'), mca: 'missing' });
    const attestation = await client.createEnhancedAttestation({
      country: 'US',
      language: 'en',
      companyName: 'Contract Test Ltd',
      signatoryFirstName: 'Katherine',
      signatoryLastName: 'Johnson',
      signatoryEmail: 'kj@contract.example',
      signatoryPhoneNumber: '+1 425 555 0101',
      customerId: tenant.tenantId,
    });
    expect(attestation).toMatchObject({
      id: expect.any(String),
      status: 'pending',
      acceptanceUrl: expect.stringContaining(attestation.id),
    });
    expect(Date.parse(attestation.expirationDateTime)).toBeGreaterThan(Date.parse(attestation.createdDateTime));

    await sim.control('POST', `/_sim/tenants/${tenant.tenantId}/accept-mca`, { mode: 'attestations' });
    await expect(client.getEnhancedAttestation(attestation.id)).resolves.toMatchObject({ id: attestation.id, status: 'accepted' });

    const outcome = await client.createAgreement(tenant.tenantId, {
      type: 'MicrosoftCustomerAgreement',
      templateId,
      dateAgreed: new Date().toISOString(),
      primaryContact: { firstName: 'Katherine', lastName: 'Johnson', email: 'kj@contract.example' },
      attestationId: attestation.id,
    });
    expect(outcome).toMatchObject({ alreadyExists: false, agreement: { attestationId: attestation.id } });
    const again = await client.createAgreement(tenant.tenantId, {
      type: 'MicrosoftCustomerAgreement',
      templateId,
      dateAgreed: new Date().toISOString(),
      primaryContact: { firstName: 'Katherine', lastName: 'Johnson', email: 'kj@contract.example' },
      attestationId: attestation.id,
    });
    expect(again).toEqual({ alreadyExists: true });
  });

  it('reads the direct-sign status before and after the customer accepts in the admin centre', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('dir'), mca: 'missing' });
    await expect(client.getDirectSignStatus(tenant.tenantId)).resolves.toMatchObject({ isSigned: false });
    await sim.control('POST', `/_sim/tenants/${tenant.tenantId}/accept-mca`, { mode: 'direct' });
    await expect(client.getDirectSignStatus(tenant.tenantId)).resolves.toMatchObject({ isSigned: true });
  });

  it('waits (authentication breaker) on 403 900329 when an App+User token is forced on the app-only enhanced attestation route', async () => {
    const error = await client.transport
      .send({
        dependency: 'customers',
        target: 'partner_center',
        auth: 'user',
        route: { method: 'POST', template: '/v1/attestations/enhanced', path: '/v1/attestations/enhanced' },
        body: {
          country: 'US',
          language: 'en',
          companyName: 'X',
          signatoryFirstName: 'A',
          signatoryLastName: 'B',
          signatoryEmail: 'a@b.example',
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 403, code: 'PARTNER_CENTER_AUTHENTICATION', retryClass: 'upstream_unavailable' });
    expect((error as Error).message).toContain(PC_ERROR.appOnlyNotSupported);
  });

  it('reports 20002 for agreements of a customer without a relationship', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('norel'), relationship: false });
    await expect(client.listAgreements(tenant.tenantId)).rejects.toMatchObject({ httpStatus: 403, code: PC_ERROR.noRelationship });
  });
});
