import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import {
  BUSINESS_BASIC,
  BUSINESS_STANDARD,
  EDUCATION_A3,
  SIGNATORY,
  WINDOWS_365_ATTESTED,
  existingAccountOrder,
  idempotencyKey,
  newAccountOrder,
} from './support/orders.fixture';

type Problem = { type: string; status: number; errors?: Array<{ field: string; message: string }> };

describe('order intake validation (real API process, MySQL, simulator catalog)', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let indirect: ApiClient;
  let customerId: string;
  let indirectCustomerId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'validation' });
    const api = new ApiClient(stack.apiUrl);
    partner = api.as(stack.credentials.partners.direct.apiKey);
    indirect = api.as(stack.credentials.partners.indirect.apiKey);
    customerId = stack.credentials.customers[0].id;
    indirectCustomerId = stack.credentials.customers[2].id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function expectFieldError(client: ApiClient, body: unknown, field: string): Promise<void> {
    const response = await client.post<Problem>('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors?.map((error) => error.field)).toContain(field);
  }

  const item = (patch: Record<string, unknown>) => [
    { catalogItemId: BUSINESS_BASIC, quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly', ...patch },
  ];

  it('accepts a valid existing-account order with 202 and the order representation', async () => {
    const response = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      customerId,
      status: 'accepted',
      step: 'account',
      account: { type: 'existing', domain: 'contoso.onmicrosoft.com' },
      subscriptions: [],
    });
    expect(response.headers.get('location')).toBe(`/v1/orders/${response.body.id}`);
  });

  it.each([
    ['refuses an unknown field', { surprise: true }, 'surprise'],
    ['refuses a quantity sent as a string', { items: item({ quantity: '5' }) }, 'items[0].quantity'],
    ['refuses a fractional quantity', { items: item({ quantity: 2.5 }) }, 'items[0].quantity'],
    ['refuses an empty cart', { items: [] }, 'items'],
    ['refuses a cart of 11 items', { items: Array.from({ length: 11 }, () => item({})[0]) }, 'items'],
    ['refuses an unknown catalog item', { items: item({ catalogItemId: 'CFQ7TTC0XXXX:0001:NOPE' }) }, 'items[0].catalogItemId'],
    ['refuses the same catalog item twice', { items: [...item({}), ...item({ quantity: 2 })] }, 'items[1].catalogItemId'],
    ['refuses a quantity above the SKU limit', { items: item({ quantity: 301 }) }, 'items[0].quantity'],
    [
      'refuses a term and billing cycle the plan does not offer',
      {
        items: [{ catalogItemId: EDUCATION_A3, quantity: 1, termDuration: 'P3Y', billingCycle: 'triennial' }],
        qualification: { educationSegment: 'K12' },
      },
      'items[0].billingCycle',
    ],
    [
      'refuses a domain that is not <prefix>.onmicrosoft.com',
      { account: { type: 'existing', domain: 'contoso.com', relationshipConfirmed: true } },
      'account.domain',
    ],
    [
      'refuses an unconfirmed partner relationship',
      { account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: false } },
      'account.relationshipConfirmed',
    ],
    ['refuses an order without accepted terms', { termsAccepted: false }, 'termsAccepted'],
    [
      'requires the offer attestation when a SKU enforces it',
      { items: [{ catalogItemId: WINDOWS_365_ATTESTED, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }] },
      'attestations.offer',
    ],
    [
      'refuses an education segment on a commercial offer',
      { qualification: { stateOwnedEntity: false, educationSegment: 'K12' } },
      'qualification.educationSegment',
    ],
    [
      'requires the education segment for an education offer',
      { items: [{ catalogItemId: EDUCATION_A3, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }] },
      'qualification.educationSegment',
    ],
    [
      'refuses commercial and education items in one order',
      {
        items: [...item({}), { catalogItemId: EDUCATION_A3, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
        qualification: { educationSegment: 'K12' },
      },
      'items',
    ],
    ['refuses a malformed signatory email', { mca: { signatory: { ...SIGNATORY, email: 'not-an-email' } } }, 'mca.signatory.email'],
  ])('%s', async (_name, patch, field) => {
    await expectFieldError(partner, existingAccountOrder(customerId, patch as Record<string, unknown>), field);
  });

  it('requires the partner-of-record attestation in the indirect channel', async () => {
    await expectFieldError(
      indirect,
      existingAccountOrder(indirectCustomerId, { attestations: { partnerOfRecord: false } }),
      'attestations.partnerOfRecord',
    );
  });

  it('refuses an education offer for a new account', async () => {
    await expectFieldError(
      partner,
      newAccountOrder(customerId, {
        items: [{ catalogItemId: EDUCATION_A3, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
        qualification: { educationSegment: 'K12' },
      }),
      'account.type',
    );
  });

  it('requires the MCA signatory for a new account', async () => {
    await expectFieldError(partner, newAccountOrder(customerId, { mca: {} }), 'mca.signatory');
  });

  it('refuses a domain prefix with capitals or dots', async () => {
    const body = newAccountOrder(customerId);
    (body.account as Record<string, unknown>).domainPrefix = 'Contoso.eu';
    await expectFieldError(partner, body, 'account.domainPrefix');
  });

  it('requires a tax id where the country demands one, and a well-formed one', async () => {
    const body = newAccountOrder(customerId);
    const account = body.account as Record<string, unknown>;
    account.address = { addressLine1: 'ul. Prosta 1', city: 'Warszawa', postalCode: '00-001', country: 'PL' };
    await expectFieldError(partner, body, 'account.organizationRegistrationNumber');
    account.organizationRegistrationNumber = '12-34';
    await expectFieldError(partner, body, 'account.organizationRegistrationNumber');
    account.organizationRegistrationNumber = '1234567890';
    const accepted = await partner.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect(accepted.status).toBe(202);
  });

  it('reports every bad field at once', async () => {
    const response = await partner.post<Problem>(
      '/v1/orders',
      existingAccountOrder(customerId, {
        termsAccepted: false,
        items: item({ quantity: 0 }),
        account: { type: 'existing', domain: 'x', relationshipConfirmed: false },
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const body = JSON.stringify({ ...existingAccountOrder(customerId), padding: 'x'.repeat(1_100_000) });
    const response = await partner.request<Problem>('POST', '/v1/orders', {
      rawBody: body,
      headers: { 'idempotency-key': idempotencyKey() },
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses malformed JSON with 400 problem+json', async () => {
    const response = await partner.request<Problem>('POST', '/v1/orders', {
      rawBody: '{"customerId": ',
      headers: { 'idempotency-key': idempotencyKey() },
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toContain('malformed');
  });

  it('accepts an order of several distinct plans', async () => {
    const response = await partner.post(
      '/v1/orders',
      existingAccountOrder(customerId, {
        items: [...item({}), { catalogItemId: BUSINESS_STANDARD, quantity: 3, termDuration: 'P1M', billingCycle: 'monthly' }],
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    expect(response.status).toBe(202);
    expect((response.body.items as unknown[]).length).toBe(2);
  });

  it('serves the synced catalog with every plan field', async () => {
    const response = await partner.get<{ items: Array<Record<string, unknown>> }>('/v1/catalog/offers');
    expect(response.status).toBe(200);
    const basic = response.body.items.filter((plan) => plan.catalogItemId === BUSINESS_BASIC);
    expect(basic.map((plan) => `${plan.termDuration}/${plan.billingCycle}`)).toEqual(
      expect.arrayContaining(['P1M/monthly', 'P1Y/monthly', 'P1Y/annual']),
    );
    expect(basic[0]).toMatchObject({
      productId: 'CFQ7TTC0LH18',
      skuId: '0001',
      segment: 'commercial',
      minQuantity: 1,
      maxQuantity: 300,
      requiresOfferAttestation: false,
    });
    expect(response.body.items.some((plan) => plan.segment === 'education')).toBe(true);
    expect(response.body.items.find((plan) => plan.catalogItemId === WINDOWS_365_ATTESTED)?.requiresOfferAttestation).toBe(true);
  });
});
