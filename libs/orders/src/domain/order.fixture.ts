import type { Order } from './order.model';

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
