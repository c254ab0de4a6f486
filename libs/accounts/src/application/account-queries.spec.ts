import type { Principal } from '@nce/contracts';
import type { Customer } from '../domain/customer.model';
import { DEFAULT_PARTNER_SETTINGS, type Partner } from '../domain/partner.model';
import { AccountQueries } from './account-queries';

const at = new Date('2026-01-01T00:00:00Z');
const partner: Partner = {
  id: 'p-1',
  name: 'Contoso',
  channel: 'direct',
  mpnId: null,
  resellerTenantId: null,
  settings: DEFAULT_PARTNER_SETTINGS,
  createdAt: at,
  updatedAt: at,
};
const linked: Customer = {
  id: '11111111-1111-4111-8111-111111111111',
  partnerId: 'p-1',
  name: 'Linked',
  tenant: { id: 't-1', domain: 'linked.onmicrosoft.com' },
  createdAt: at,
  updatedAt: at,
};
const unlinked: Customer = { ...linked, id: '22222222-2222-4222-8222-222222222222', name: 'Unlinked', tenant: null };
const customers = [linked, unlinked];

const queries = new AccountQueries(
  {
    findById: async (id) => customers.find((customer) => customer.id === id) ?? null,
    listByPartner: async (partnerId) => customers.filter((customer) => partnerId === null || customer.partnerId === partnerId),
  },
  { findById: async (id) => (id === partner.id ? partner : null) },
);

const key = (role: Principal['role'], partnerId: string | null, customerId: string | null = null): Principal => ({
  apiKeyId: 'k',
  role,
  partnerId,
  customerId,
});

describe('AccountQueries', () => {
  it('shows a customer to its partner, to itself and to operators only', async () => {
    expect(await queries.visibleCustomer(key('partner', 'p-1'), linked.id)).toBe(linked);
    expect(await queries.visibleCustomer(key('customer', 'p-1', linked.id), linked.id)).toBe(linked);
    expect(await queries.visibleCustomer(key('operator', null), linked.id)).toBe(linked);
    expect(await queries.visibleCustomer(key('partner', 'p-2'), linked.id)).toBeNull();
    expect(await queries.visibleCustomer(key('customer', 'p-1', unlinked.id), linked.id)).toBeNull();
  });

  it('answers null for an id that is not a customer id, without a lookup', async () => {
    expect(await queries.visibleCustomer(key('operator', null), 'not-a-uuid')).toBeNull();
  });

  it("finds a customer key's partner through its customer", async () => {
    expect(await queries.partnerOf(key('customer', null, linked.id))).toBe(partner);
    expect(await queries.partnerOf(key('operator', null))).toBeNull();
  });

  it('refuses the owner of a customer key whose customer is gone', async () => {
    expect(await queries.owner(key('customer', 'p-1', '33333333-3333-4333-8333-333333333333'))).toBeNull();
    expect(await queries.owner(key('partner', 'p-1'))).toEqual({ customer: null, partner });
  });

  it('lists only the customers linked to a Microsoft tenant for GDAP checks', async () => {
    expect(await queries.linkedCustomerIds('p-1')).toEqual([linked.id]);
  });
});
