import type { McaProgress, Order } from '@nce/orders';
import { FakeStepContext, NEW_ACCOUNT, anOrderOn, scriptedPort } from '@nce/testing/fakes';
import { type McaPartnerCenter, RunMcaStep } from './run-mca-step.use-case';

const SIGNATORY = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.com', phoneNumber: '+1 425 555 0100' };

/** Microsoft's agreements and enhanced attestations for one tenant. */
function agreements(options: { agreed?: string[]; directlySigned?: boolean; attestation?: 'pending' | 'accepted' | 'expired' } = {}) {
  let attestations = 0;
  return scriptedPort<McaPartnerCenter>({
    listAgreements: async () => (options.agreed ?? []).map((dateAgreed) => ({ dateAgreed }) as never),
    getDirectSignStatus: async () => ({ isSigned: options.directlySigned ?? false }),
    getEnhancedAttestation: async (id) => ({ id, status: options.attestation ?? 'pending' }) as never,
    createEnhancedAttestation: async () =>
      ({ id: `att-${++attestations}`, acceptanceUrl: `https://aka.ms/accept/${attestations}`, status: 'pending' }) as never,
    getAgreementMetadata: async () => [{ templateId: 'template-1' }] as never,
    createAgreement: async (_tenant, agreement) => agreement as never,
    getCustomer: async () =>
      ({
        id: 't-1',
        companyProfile: { companyName: 'Contoso Ltd' },
        billingProfile: { companyName: 'Contoso', defaultAddress: { country: 'DE' } },
      }) as never,
  });
}

function run(partnerCenter: McaPartnerCenter, order: Order, customerMayAttest = true) {
  const step = new RunMcaStep(partnerCenter, {
    recheckBaseMs: 60_000,
    recheckMaxMs: 3_600_000,
    customerMayAttest: async () => customerMayAttest,
  });
  const context = new FakeStepContext<McaProgress>(order);
  return { outcome: step.run(order, context), context };
}

const order = (progress: McaProgress = {}, patch: Partial<Order> = {}): Order =>
  anOrderOn('mca', { progress: { customerTenantId: 't-1', ...progress }, ...patch });
const withSignatory = (progress: McaProgress = {}): Order =>
  order(progress, { request: { ...anOrderOn('mca').request, mca: { signatory: SIGNATORY } } });

describe('the mca step', () => {
  it('asks nothing when a current MCA exists, or the customer signed directly', async () => {
    expect(await run(agreements({ agreed: ['2024-05-01T00:00:00Z'] }), order()).outcome).toEqual({
      kind: 'done',
      progress: { mca: 'valid' },
    });
    expect(await run(agreements({ directlySigned: true }), order()).outcome).toEqual({ kind: 'done', progress: { mca: 'valid' } });
  });

  it('asks for the attestation data when the MCA is missing and no signatory is known', async () => {
    const { outcome } = run(agreements(), order());
    expect(await outcome).toMatchObject({
      kind: 'action',
      action: { type: 'mca_attestation', fields: ['firstName', 'lastName', 'email', 'phoneNumber'] },
      recheckInMs: 60_000,
      progress: { attestationChecks: 1 },
    });
  });

  it('tells the customer the partner attests when the partner keeps that to itself, and says why a stale MCA is asked again', async () => {
    const action = (await run(agreements({ agreed: ['2022-01-01T00:00:00Z'] }), order({ attestationChecks: 1 }), false).outcome) as {
      action: { message: string };
      recheckInMs: number;
    };
    expect(action.action.message).toContain('before 2023-04-01');
    expect(action.action.message).toContain('no action is needed from you');
    expect(action.recheckInMs).toBe(120_000);
  });

  it('creates the enhanced attestation once, saves it before parking, and parks with Microsoft’s acceptance link', async () => {
    const partnerCenter = agreements();
    const { outcome, context } = run(partnerCenter, withSignatory());
    expect(await outcome).toMatchObject({
      kind: 'action',
      action: { type: 'mca_acceptance', url: 'https://aka.ms/accept/1' },
      progress: { attestationId: 'att-1', acceptanceChecks: 1 },
    });
    expect(context.saves).toEqual([
      { progress: { attestationId: 'att-1', acceptanceUrl: 'https://aka.ms/accept/1', acceptanceChecks: 0 } },
    ]);
    expect(partnerCenter.callsTo('createEnhancedAttestation')[0][0]).toMatchObject({
      companyName: 'Contoso',
      country: 'DE',
      signatoryEmail: SIGNATORY.email,
      customerId: 't-1',
    });
  });

  it('re-checks a pending attestation without creating another', async () => {
    const partnerCenter = agreements({ attestation: 'pending' });
    expect(
      await run(partnerCenter, withSignatory({ attestationId: 'att-9', acceptanceUrl: 'https://aka.ms/accept/9', acceptanceChecks: 2 }))
        .outcome,
    ).toMatchObject({
      kind: 'action',
      action: { url: 'https://aka.ms/accept/9' },
      recheckInMs: 240_000,
      progress: { acceptanceChecks: 3 },
    });
    expect(partnerCenter.callsTo('createEnhancedAttestation')).toEqual([]);
  });

  it('creates the agreement with the attestation once the customer accepted', async () => {
    const partnerCenter = agreements({ attestation: 'accepted' });
    expect(await run(partnerCenter, withSignatory({ attestationId: 'att-9' })).outcome).toEqual({
      kind: 'done',
      progress: { mca: 'accepted' },
    });
    expect(partnerCenter.callsTo('createAgreement')[0]).toEqual([
      't-1',
      expect.objectContaining({
        type: 'MicrosoftCustomerAgreement',
        templateId: 'template-1',
        attestationId: 'att-9',
        primaryContact: SIGNATORY,
      }),
      expect.anything(),
    ]);
  });

  it('starts a new attestation when the old one expired', async () => {
    const partnerCenter = agreements({ attestation: 'expired' });
    expect(await run(partnerCenter, withSignatory({ attestationId: 'att-old' })).outcome).toMatchObject({
      progress: { attestationId: 'att-1' },
    });
  });

  it('takes the signatory posted later over none in the order, and a new account’s company data as given', async () => {
    const partnerCenter = agreements();
    const fresh = order({ mcaSignatory: SIGNATORY }, { account: { ...NEW_ACCOUNT, customerTenantId: 't-1' } });
    await run(partnerCenter, fresh).outcome;
    expect(partnerCenter.callsTo('createEnhancedAttestation')[0][0]).toMatchObject({
      companyName: 'Fabrikam',
      country: 'US',
      signatoryFirstName: 'Ada',
    });
    expect(partnerCenter.callsTo('getCustomer')).toEqual([]);
  });
});
