import { randomUUID } from 'node:crypto';

// Catalog ids of the simulator's seeded NCE catalog (apps/partner-center-sim/src/state/catalog.seed.ts).
export const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';
export const BUSINESS_STANDARD = 'CFQ7TTC0LDPB:0001:CFQ7TTC0K5BS';
export const EDUCATION_A3 = 'CFQ7TTC0EDU1:0001:CFQ7TTC0K5ED';
export const WINDOWS_365_ATTESTED = 'CFQ7TTC0W365:0001:CFQ7TTC0K5WB';

export const SIGNATORY = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example', phoneNumber: '+1 425 555 0100' };

export function existingAccountOrder(customerId: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId,
    items: [{ catalogItemId: BUSINESS_BASIC, quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }],
    account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
    attestations: { partnerOfRecord: true, offer: false },
    qualification: { stateOwnedEntity: false, educationSegment: null },
    termsAccepted: true,
    ...patch,
  };
}

export function newAccountOrder(customerId: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return existingAccountOrder(customerId, {
    account: {
      type: 'new',
      domainPrefix: `new${randomUUID().slice(0, 8)}`,
      companyName: 'Contoso Ltd',
      contact: SIGNATORY,
      address: { addressLine1: '1 Microsoft Way', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' },
    },
    mca: { signatory: SIGNATORY },
    ...patch,
  });
}

export function idempotencyKey(): string {
  return `test-${randomUUID()}`;
}
