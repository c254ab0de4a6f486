import { type IntakeContext, type IntakeSubmission, type PlanFacts, checkIntakeRules } from './intake-rules';

const plan = (patch: Partial<PlanFacts> = {}): PlanFacts => ({
  catalogItemId: 'BASIC',
  segment: 'commercial',
  termDuration: 'P1Y',
  billingCycle: 'monthly',
  minQuantity: 1,
  maxQuantity: 300,
  requiresOfferAttestation: false,
  ...patch,
});
const CATALOG: PlanFacts[] = [
  plan(),
  plan({ billingCycle: 'annual' }),
  plan({ catalogItemId: 'COPILOT', requiresOfferAttestation: true }),
  plan({ catalogItemId: 'A1', segment: 'education' }),
];
const direct: IntakeContext = {
  channel: 'direct',
  plansFor: (id: string) => CATALOG.filter((candidate) => candidate.catalogItemId === id),
};
const signatory = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@fabrikam.com', phoneNumber: '+1 425 555 0100' };

function submission(patch: Partial<IntakeSubmission> = {}): IntakeSubmission {
  return {
    items: [{ catalogItemId: 'BASIC', quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }],
    account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
    termsAccepted: true,
    ...patch,
  };
}
const fields = (patch: Partial<IntakeSubmission>, context = direct) =>
  checkIntakeRules(submission(patch), context).errors.map((error) => error.field);
const newAccount = (patch: Record<string, unknown> = {}) => ({
  type: 'new' as const,
  domainPrefix: 'fabrikam',
  companyName: 'Fabrikam',
  contact: signatory,
  address: { country: 'US' },
  ...patch,
});

describe('intake rules', () => {
  it('accepts a plain commercial order for an existing account', () => {
    expect(checkIntakeRules(submission(), direct)).toEqual({ errors: [], segment: 'commercial' });
  });

  it('refuses unknown items, repeated items, plans not offered and quantities out of range, one error per field', () => {
    expect(fields({ items: [{ catalogItemId: 'NOPE', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }] })).toEqual([
      'items[0].catalogItemId',
    ]);
    expect(
      fields({
        items: [
          { catalogItemId: 'BASIC', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' },
          { catalogItemId: 'BASIC', quantity: 1, termDuration: 'P1Y', billingCycle: 'annual' },
        ],
      }),
    ).toEqual(['items[1].catalogItemId']);
    const notOffered = checkIntakeRules(
      submission({ items: [{ catalogItemId: 'BASIC', quantity: 1, termDuration: 'P1M', billingCycle: 'monthly' }] }),
      direct,
    ).errors;
    expect(notOffered).toEqual([
      { field: 'items[0].billingCycle', message: 'The plan does not offer P1M billed monthly; offered: P1Y/monthly, P1Y/annual' },
    ]);
    expect(fields({ items: [{ catalogItemId: 'BASIC', quantity: 301, termDuration: 'P1Y', billingCycle: 'monthly' }] })).toEqual([
      'items[0].quantity',
    ]);
  });

  it('keeps an order to one segment, and education orders to qualified existing accounts', () => {
    const mixed = [
      { catalogItemId: 'BASIC', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' },
      { catalogItemId: 'A1', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' },
    ];
    expect(fields({ items: mixed })).toEqual(['items']);
    const education = [{ catalogItemId: 'A1', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }];
    expect(fields({ items: education })).toEqual(['qualification.educationSegment']);
    expect(checkIntakeRules(submission({ items: education, qualification: { educationSegment: 'K12' } }), direct)).toEqual({
      errors: [],
      segment: 'education',
    });
    expect(fields({ items: education, account: newAccount(), mca: { signatory } })).toEqual(['account.type']);
    expect(fields({ qualification: { educationSegment: 'K12' } })).toEqual(['qualification.educationSegment']);
  });

  it('wants an onmicrosoft.com domain and a confirmed relationship for an existing account', () => {
    expect(fields({ account: { type: 'existing', domain: 'contoso.com', relationshipConfirmed: false } })).toEqual([
      'account.domain',
      'account.relationshipConfirmed',
    ]);
  });

  it('wants a valid prefix, the MCA signatory and, where Microsoft requires one, a well-formed tax id for a new account', () => {
    expect(fields({ account: newAccount(), mca: { signatory } })).toEqual([]);
    expect(fields({ account: newAccount({ domainPrefix: 'Fabrikam-Ltd' }), mca: { signatory } })).toEqual(['account.domainPrefix']);
    expect(fields({ account: newAccount() })).toEqual(['mca.signatory']);
    expect(fields({ account: newAccount({ address: { country: 'PL' } }), mca: { signatory } })).toEqual([
      'account.organizationRegistrationNumber',
    ]);
    expect(
      fields({ account: newAccount({ address: { country: 'PL' }, organizationRegistrationNumber: '12' }), mca: { signatory } }),
    ).toEqual(['account.organizationRegistrationNumber']);
    expect(
      fields({ account: newAccount({ address: { country: 'PL' }, organizationRegistrationNumber: '1234567890' }), mca: { signatory } }),
    ).toEqual([]);
  });

  it('wants the partner-of-record attestation in the indirect channel and the offer attestation where a plan requires it', () => {
    expect(fields({}, { ...direct, channel: 'indirect' })).toEqual(['attestations.partnerOfRecord']);
    expect(fields({ attestations: { partnerOfRecord: true } }, { ...direct, channel: 'indirect' })).toEqual([]);
    const copilot = [{ catalogItemId: 'COPILOT', quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }];
    expect(fields({ items: copilot })).toEqual(['attestations.offer']);
    expect(fields({ items: copilot, attestations: { offer: true } })).toEqual([]);
  });

  it('wants the terms accepted', () => {
    expect(fields({ termsAccepted: false })).toEqual(['termsAccepted']);
  });
});
