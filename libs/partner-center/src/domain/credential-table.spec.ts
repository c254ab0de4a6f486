import {
  CREDENTIAL_TABLE,
  credentialAccepted,
  credentialRowForPath,
  credentialRowForTemplate,
  credentialToSend,
  type CredentialRule,
} from './credential-table';

/**
 * partner-center-api.md §1.2 (revised table), transcribed row by row: the documented "App-only" and
 * "App+User" columns and the requests each row stands for. The code table must agree with every row.
 */
const DOCUMENTED: {
  row: string;
  appOnly: 'yes' | 'no' | 'only';
  appUser: 'yes' | 'no' | 'only';
  requests: [string, string, unknown?][];
}[] = [
  {
    row: 'Create customer (POST /v1/customers)',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [['POST', '/v1/customers', { companyProfile: { domain: 'x.onmicrosoft.com' } }]],
  },
  {
    row: 'Create customer for an indirect reseller',
    appOnly: 'no',
    appUser: 'only',
    requests: [['POST', '/v1/customers', { AssociatedPartnerId: '0f8f5b5a-0000-4000-8000-000000000001' }]],
  },
  {
    row: 'Get customer by id / list or filter customers',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [
      ['GET', '/v1/customers/c1'],
      ['GET', '/v1/customers?size=100'],
    ],
  },
  {
    row: 'Check domain availability (HEAD /v1/domains/{domain})',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [['HEAD', '/v1/domains/contoso.onmicrosoft.com']],
  },
  {
    row: 'Get reseller relationship request link (GET /v1/customers/relationshiprequests)',
    appOnly: 'no',
    appUser: 'only',
    requests: [['GET', '/v1/customers/relationshiprequests?indirectResellerId=r']],
  },
  {
    row: 'Indirect resellers of a customer (GET /v1/customers/{id}/relationships)',
    appOnly: 'no',
    appUser: 'only',
    requests: [['GET', '/v1/customers/c1/relationships']],
  },
  {
    row: 'Agreement metadata / customer agreements / create agreement (legacy API, retired 2026-01-05)',
    appOnly: 'no',
    appUser: 'only',
    requests: [
      ['GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement'],
      ['GET', '/v1/customers/c1/agreements'],
      ['POST', '/v1/customers/c1/agreements', { primaryContact: {} }],
    ],
  },
  {
    row: 'Direct-sign MCA status',
    appOnly: 'no',
    appUser: 'only',
    requests: [['GET', '/v1/customers/c1/directSignedMicrosoftCustomerAgreementStatus']],
  },
  {
    row: 'Enhanced MCA attestation API (POST /v1/attestations/enhanced, 2025+)',
    appOnly: 'only',
    appUser: 'no',
    requests: [
      ['POST', '/v1/attestations/enhanced'],
      ['GET', '/v1/attestations/enhanced/a1'],
      ['POST', '/v1/customers/c1/agreements', { attestationId: 'a1' }],
    ],
  },
  { row: 'Create qualification (POST)', appOnly: 'no', appUser: 'only', requests: [['POST', '/v1/customers/c1/qualifications']] },
  { row: 'Get qualifications', appOnly: 'yes', appUser: 'yes', requests: [['GET', '/v1/customers/c1/qualifications']] },
  {
    row: 'Customer validation status (validationStatus?type=account)',
    appOnly: 'no',
    appUser: 'only',
    requests: [['GET', '/v1/customers/c1/validationStatus?type=account']],
  },
  {
    row: 'Catalog (products/skus/availabilities)',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [
      ['GET', '/v1/products?country=US'],
      ['GET', '/v1/products/P/skus'],
      ['GET', '/v1/products/P/skus/S'],
      ['GET', '/v1/products/P/skus/S/availabilities'],
      ['GET', '/v1/customers/c1/products/P/skus/S/availabilities/A'],
    ],
  },
  {
    row: 'Carts: create, get, checkout; orders list/get; subscriptions list/get/patch',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [
      ['POST', '/v1/customers/c1/carts'],
      ['GET', '/v1/customers/c1/carts/k1'],
      ['PUT', '/v1/customers/c1/carts/k1'],
      ['POST', '/v1/customers/c1/carts/k1/checkout'],
      ['GET', '/v1/customers/c1/orders'],
      ['GET', '/v1/customers/c1/orders/o1'],
      ['GET', '/v1/customers/c1/subscriptions?order_id=o1'],
      ['GET', '/v1/customers/c1/subscriptions/s1'],
      ['PATCH', '/v1/customers/c1/subscriptions/s1'],
    ],
  },
  {
    row: 'Order / subscription provisioning status (…/provisioningstatus)',
    appOnly: 'no',
    appUser: 'only',
    requests: [
      ['GET', '/v1/customers/c1/orders/o1/provisioningstatus'],
      ['GET', '/v1/customers/c1/subscriptions/s1/provisioningstatus'],
    ],
  },
  {
    row: 'Graph GDAP: read (relationships, access assignments, operations)',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [
      ['GET', "/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq 'x'"],
      ['GET', '/v1.0/tenantRelationships/delegatedAdminRelationships/r1'],
      ['GET', '/v1.0/tenantRelationships/delegatedAdminRelationships/r1/accessAssignments'],
      ['GET', '/v1.0/tenantRelationships/delegatedAdminRelationships/r1/requests/q1'],
    ],
  },
  {
    row: 'Graph GDAP: create relationship, requests (lockForApproval), access assignments',
    appOnly: 'yes',
    appUser: 'yes',
    requests: [
      ['POST', '/v1.0/tenantRelationships/delegatedAdminRelationships'],
      ['POST', '/v1.0/tenantRelationships/delegatedAdminRelationships/r1/requests'],
      ['POST', '/v1.0/tenantRelationships/delegatedAdminRelationships/r1/accessAssignments'],
    ],
  },
];

function ruleOf(appOnly: string, appUser: string): CredentialRule {
  if (appUser === 'only') return 'app+user';
  if (appOnly === 'only') return 'app';
  return 'either';
}

describe('credential table (partner-center-api.md §1.2)', () => {
  it.each(DOCUMENTED)('$row: App-only $appOnly, App+User $appUser', ({ appOnly, appUser, requests }) => {
    const expected = ruleOf(appOnly, appUser);
    for (const [method, path, body] of requests) {
      const row = credentialRowForPath(method, path, body);
      expect({ method, path, accepts: row?.accepts }).toEqual({ method, path, accepts: expected });
      expect(credentialAccepted(row!, 'app')).toBe(appOnly !== 'no');
      expect(credentialAccepted(row!, 'app+user')).toBe(appUser !== 'no');
    }
  });

  it('the client sends App+User exactly on the App+User-only rows, app-only everywhere else', () => {
    for (const row of CREDENTIAL_TABLE) expect(credentialToSend(row)).toBe(row.accepts === 'app+user' ? 'app+user' : 'app');
  });

  it('matches client templates and simulator route patterns to the same row', () => {
    const fromTemplate = credentialRowForTemplate('GET', '/v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus');
    const fromPattern = credentialRowForTemplate('GET', '/v1/customers/:customerId/directSignedMicrosoftCustomerAgreementStatus');
    expect(fromTemplate).toBeDefined();
    expect(fromPattern).toBe(fromTemplate);
  });

  it('a literal path segment wins over a placeholder', () => {
    expect(credentialRowForPath('GET', '/v1/customers/relationshiprequests')?.operation).toBe('Get reseller relationship request link');
    expect(credentialRowForPath('GET', '/v1/customers/5a0f')?.operation).toBe('Get customer by id');
  });

  it('reads body variants in either casing and marks the legacy attestation retired', () => {
    expect(credentialRowForTemplate('POST', '/v1/customers', { associatedPartnerId: 'r' })?.accepts).toBe('app+user');
    expect(credentialRowForTemplate('POST', '/v1/customers', { associatedPartnerId: '' })?.accepts).toBe('either');
    const legacy = credentialRowForTemplate('POST', '/v1/customers/{id}/agreements', { PrimaryContact: {} });
    expect(legacy?.retired).toBe('2026-01-05');
    expect(credentialRowForTemplate('POST', '/v1/customers/{id}/agreements', { AttestationId: 'a' })?.accepts).toBe('app');
  });

  it('has no unknown route and no two rows for the same request', () => {
    expect(credentialRowForPath('GET', '/v1/nothing-here')).toBeUndefined();
    const keys = CREDENTIAL_TABLE.map((row) => `${row.method} ${row.template.toLowerCase()} ${row.variant ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
