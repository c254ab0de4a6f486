import {
  type AdminCredentialStore,
  type Customer,
  type CustomerRepository,
  type CustomerTenant,
  DEFAULT_PARTNER_SETTINGS,
  type Partner,
  type PartnerRepository,
  type PartnerSettings,
} from '@nce/accounts';

const EPOCH = new Date('2026-01-01T00:00:00.000Z');

export function aPartner(patch: Partial<Partner> = {}): Partner {
  return {
    id: '2b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b',
    name: 'Partner',
    channel: 'direct',
    mpnId: null,
    resellerTenantId: null,
    settings: DEFAULT_PARTNER_SETTINGS,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...patch,
  };
}

export function aCustomer(patch: Partial<Customer> = {}): Customer {
  return {
    id: '1b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b',
    partnerId: aPartner().id,
    name: 'Contoso',
    tenant: null,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...patch,
  };
}

export class InMemoryPartnerRepository implements PartnerRepository {
  readonly rows = new Map<string, Partner>();

  constructor(...partners: Partner[]) {
    for (const partner of partners) this.rows.set(partner.id, partner);
  }

  async insert(partner: Partner): Promise<void> {
    if (this.rows.has(partner.id) || (await this.findByName(partner.name)))
      throw Object.assign(new Error('Duplicate partner'), { code: 'ER_DUP_ENTRY' });
    this.rows.set(partner.id, partner);
  }

  async findById(id: string): Promise<Partner | null> {
    return this.rows.get(id) ?? null;
  }

  async findByName(name: string): Promise<Partner | null> {
    return [...this.rows.values()].find((partner) => partner.name === name) ?? null;
  }

  async list(): Promise<Partner[]> {
    return [...this.rows.values()];
  }

  async updateSettings(id: string, settings: PartnerSettings, now: Date): Promise<void> {
    const partner = this.rows.get(id);
    if (partner) this.rows.set(id, { ...partner, settings, updatedAt: now });
  }
}

/** Customers in memory; `linkTenant` keeps the first tenant linked, as the SQL one does. */
export class InMemoryCustomerRepository implements CustomerRepository {
  readonly rows = new Map<string, Customer>();

  constructor(...customers: Customer[]) {
    for (const customer of customers) this.rows.set(customer.id, customer);
  }

  async insert(customer: Customer): Promise<void> {
    if (this.rows.has(customer.id)) throw Object.assign(new Error('Duplicate customer'), { code: 'ER_DUP_ENTRY' });
    this.rows.set(customer.id, customer);
  }

  async findById(id: string): Promise<Customer | null> {
    return this.rows.get(id) ?? null;
  }

  async listByTenant(tenantId: string): Promise<Customer[]> {
    return [...this.rows.values()].filter((customer) => customer.tenant?.id === tenantId);
  }

  async listByPartner(partnerId: string | null, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<Customer[]> {
    const after = page.after;
    return [...this.rows.values()]
      .filter((customer) => partnerId === null || customer.partnerId === partnerId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .filter(
        (customer) =>
          !after ||
          customer.createdAt > after.createdAt ||
          (customer.createdAt.getTime() === after.createdAt.getTime() && customer.id > after.id),
      )
      .slice(0, page.limit);
  }

  async linkTenant(id: string, tenant: CustomerTenant, now: Date): Promise<CustomerTenant> {
    const customer = this.rows.get(id);
    if (!customer) throw new Error(`No customer ${id}`);
    if (customer.tenant) return customer.tenant;
    this.rows.set(id, { ...customer, tenant, updatedAt: now });
    return tenant;
  }
}

export class InMemoryAdminCredentialStore implements AdminCredentialStore {
  readonly saved: Array<{ orderId: string; customerId: string; tenantId: string; userName: string; password: string }> = [];

  async save(record: { orderId: string; customerId: string; tenantId: string; userName: string; password: string }): Promise<void> {
    this.saved.push(record);
  }

  async find(orderId: string): Promise<{ customerId: string; tenantId: string; userName: string; password: string } | null> {
    return this.saved.find((record) => record.orderId === orderId) ?? null;
  }
}
