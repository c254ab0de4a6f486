import type { Order } from '@nce/orders';

const NOW = new Date('2026-11-25T10:00:00.000Z');

/** An accepted order on its account step (tests only): Contoso, one Business Basic line. */
export function anOrder(patch: Partial<Order> = {}): Order {
  return {
    id: '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b',
    customerId: '1b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b',
    partnerId: '2b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b',
    status: 'accepted',
    step: 'account',
    run: 1,
    items: [{ catalogItemId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K971', quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }],
    account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
    request: {
      attestations: { partnerOfRecord: false, offer: false },
      mca: {},
      qualification: { stateOwnedEntity: false, educationSegment: null },
      termsAccepted: true,
      segment: 'commercial',
    },
    requiredAction: null,
    delay: null,
    failure: null,
    progress: {},
    checkoutIntent: null,
    subscriptions: [],
    portalUrl: null,
    parkedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...patch,
  };
}

/** The same order in progress on `step` (step specs of every context). */
export function anOrderOn(step: NonNullable<Order['step']>, patch: Partial<Order> = {}): Order {
  return anOrder({ status: 'in_progress', step, ...patch });
}

/** A new account as intake records it (fabrikam.onmicrosoft.com, US). */
export const NEW_ACCOUNT: Extract<Order['account'], { type: 'new' }> = {
  type: 'new',
  domainPrefix: 'fabrikam',
  domain: 'fabrikam.onmicrosoft.com',
  companyName: 'Fabrikam',
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@fabrikam.com', phoneNumber: '+1 425 555 0100' },
  address: { addressLine1: '1 Main St', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' },
};
