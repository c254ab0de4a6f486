import { PartnerCenterError } from '../domain/partner-center.errors';
import { AgreementsApi } from './agreements.api';
import { FakeTransport } from './fake-transport.testing';

const body = {
  type: 'MicrosoftCustomerAgreement' as const,
  templateId: 't',
  dateAgreed: '2026-11-02T00:00:00Z',
  primaryContact: { firstName: 'A', lastName: 'B', email: 'a@b.c' },
};

describe('AgreementsApi', () => {
  it('returns the created agreement, or alreadyExists for 600061 instead of throwing', async () => {
    const exists = new PartnerCenterError({
      httpStatus: 400,
      code: '600061',
      description: 'exists',
      retryClass: 'permanent',
      source: 'partner_center',
    });
    const transport = new FakeTransport().answer('POST /v1/customers/c/agreements', { status: 201, body }, exists);
    const api = new AgreementsApi(transport);
    await expect(api.createAgreement('c', body)).resolves.toEqual({ alreadyExists: false, agreement: body });
    await expect(api.createAgreement('c', body)).resolves.toEqual({ alreadyExists: true });
  });

  it('uses App+User for legacy agreements and app-only for the enhanced attestation flow', async () => {
    const transport = new FakeTransport()
      .answer('POST /v1/customers/c/agreements', { status: 201, body })
      .answer('POST /v1/attestations/enhanced', { status: 201, body: { id: 'att-1', status: 'pending' } })
      .answer('GET /v1/attestations/enhanced/att-1', { body: { id: 'att-1', status: 'accepted' } })
      .answer('GET /v1/agreements?agreementType=MicrosoftCustomerAgreement', { body: { items: [{ templateId: 't' }] } });
    const api = new AgreementsApi(transport);
    await api.createAgreement('c', body);
    await api.createEnhancedAttestation({
      country: 'US',
      language: 'en',
      companyName: 'C',
      signatoryFirstName: 'A',
      signatoryLastName: 'B',
      signatoryEmail: 'a@b.c',
    });
    await api.getEnhancedAttestation('att-1');
    await api.createAgreement('c', { ...body, attestationId: 'att-1' });
    await expect(api.getAgreementMetadata()).resolves.toEqual([{ templateId: 't' }]);
    expect(transport.calls.map((call) => call.auth)).toEqual(['user', 'app', 'app', 'app', 'user']);
  });
});
