import {
  DEFAULT_PARTNER_SETTINGS,
  type ApiKeyRepository,
  type Customer,
  type CustomerRepository,
  type CustomerTenant,
  type LookupPartnerCenter,
  type NewApiKey,
  type Partner,
  type PartnerRepository,
  type PartnerSettings,
  type StoredApiKey,
} from '@nce/accounts';
import type { Agreement, Customer as PartnerCenterCustomer, RelationshipToPartner } from '@nce/partner-center';

const EPOCH = new Date('2026-01-01T00:00:00Z');

export function partnerFixture(overrides: Partial<Partner> = {}): Partner {
  return {
    id: 'partner-1',
    name: 'Northwind Partner',
    channel: 'direct',
    mpnId: null,
    resellerTenantId: null,
    settings: DEFAULT_PARTNER_SETTINGS,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...overrides,
  };
}

export function customerFixture(overrides: Partial<Customer> = {}): Customer {
  return { id: 'customer-1', partnerId: 'partner-1', name: 'Contoso Ltd', tenant: null, createdAt: EPOCH, updatedAt: EPOCH, ...overrides };
}

export class InMemoryPartnerRepository implements PartnerRepository {
  readonly rows = new Map<string, Partner>();
  readonly settingsUpdates: Array<{ id: string; settings: PartnerSettings; at: Date }> = [];

  constructor(partners: Partner[] = []) {
    for (const partner of partners) this.rows.set(partner.id, partner);
  }

  async insert(partner: Partner): Promise<void> {
    if (this.rows.has(partner.id)) throw new Error(`duplicate partner ${partner.id}`);
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
    if (!partner) return;
    this.rows.set(id, { ...partner, settings, updatedAt: now });
    this.settingsUpdates.push({ id, settings, at: now });
  }
}

export class InMemoryCustomerRepository implements CustomerRepository {
  readonly rows = new Map<string, Customer>();

  constructor(customers: Customer[] = []) {
    for (const customer of customers) this.rows.set(customer.id, customer);
  }

  async insert(customer: Customer): Promise<void> {
    if (this.rows.has(customer.id)) throw new Error(`duplicate customer ${customer.id}`);
    this.rows.set(customer.id, customer);
  }

  async findById(id: string): Promise<Customer | null> {
    return this.rows.get(id) ?? null;
  }

  async listByTenant(tenantId: string): Promise<Customer[]> {
    return [...this.rows.values()].filter((customer) => customer.tenant?.id === tenantId);
  }

  /** Newest first, like the SQL repository; `after` is the last row of the previous page. */
  async listByPartner(partnerId: string | null, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<Customer[]> {
    const newestFirst = [...this.rows.values()]
      .filter((customer) => partnerId === null || customer.partnerId === partnerId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    const after = page.after;
    const rest = after
      ? newestFirst.filter(
          (row) =>
            row.createdAt.getTime() < after.createdAt.getTime() ||
            (row.createdAt.getTime() === after.createdAt.getTime() && row.id < after.id),
        )
      : newestFirst;
    return rest.slice(0, page.limit);
  }

  async linkTenant(id: string, tenant: CustomerTenant, now: Date): Promise<CustomerTenant> {
    const customer = this.rows.get(id);
    if (!customer) throw new Error(`no customer ${id}`);
    if (customer.tenant) return customer.tenant;
    this.rows.set(id, { ...customer, tenant, updatedAt: now });
    return tenant;
  }
}

/** API keys by hash, as the SQL repository indexes them; `failTouch` makes last-use writes fail. */
export class InMemoryApiKeyRepository implements ApiKeyRepository {
  readonly rows = new Map<string, StoredApiKey & { hash: string }>();
  readonly touches: Array<{ id: string; at: Date }> = [];
  lookups = 0;
  failTouch: Error | null = null;

  async insert(key: NewApiKey): Promise<void> {
    this.rows.set(key.id, {
      id: key.id,
      hash: key.hash,
      prefix: key.prefix,
      role: key.role,
      partnerId: key.partnerId,
      customerId: key.customerId,
      label: key.label,
      scopes: [...(key.scopes ?? [])],
      createdAt: key.createdAt,
      createdBy: key.createdBy,
      lastUsedAt: null,
      expiresAt: key.expiresAt ?? null,
      revokedAt: null,
    });
  }

  async findByHash(hash: string): Promise<StoredApiKey | null> {
    this.lookups += 1;
    for (const row of this.rows.values()) if (row.hash === hash) return row;
    return null;
  }

  async findById(id: string): Promise<StoredApiKey | null> {
    return this.rows.get(id) ?? null;
  }

  async list(filter: { partnerId: string | null; limit: number }): Promise<StoredApiKey[]> {
    return [...this.rows.values()]
      .filter((row) => filter.partnerId === null || (row.partnerId === filter.partnerId && row.role !== 'operator'))
      .slice(0, filter.limit);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.revokedAt) return false;
    row.revokedAt = at;
    return true;
  }

  async markRotated(id: string, _successorId: string, expiresAt: Date): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.expiresAt = row.expiresAt && row.expiresAt < expiresAt ? row.expiresAt : expiresAt;
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    this.touches.push({ id, at });
    if (this.failTouch) throw this.failTouch;
    const row = this.rows.get(id);
    if (row) row.lastUsedAt = at;
  }
}

/** One Microsoft customer tenant as the lookup sees it. */
export interface FakeTenant {
  id: string;
  domain: string;
  relationship: RelationshipToPartner;
  agreements?: Array<Pick<Agreement, 'dateAgreed'>>;
  directlySigned?: boolean;
}

/** Partner Center for the account lookup: tenants by domain, and the calls made. */
export class FakeLookupPartnerCenter implements LookupPartnerCenter {
  readonly calls: string[] = [];
  readonly relationshipQueries: Array<{ indirectResellerId?: string; indirectCloudSolutionProviderId?: string }> = [];

  constructor(
    private readonly tenants: FakeTenant[] = [],
    private readonly takenDomains: readonly string[] = [],
  ) {}

  async isDomainAvailable(domain: string): Promise<boolean> {
    this.calls.push(`isDomainAvailable ${domain}`);
    return !this.takenDomains.includes(domain) && !this.tenants.some((tenant) => tenant.domain === domain);
  }

  async findCustomerByDomain(domain: string): Promise<PartnerCenterCustomer | null> {
    this.calls.push(`findCustomerByDomain ${domain}`);
    const tenant = this.tenants.find((candidate) => candidate.domain === domain);
    return tenant ? { id: tenant.id, companyProfile: { tenantId: tenant.id, domain }, relationshipToPartner: tenant.relationship } : null;
  }

  async listAgreements(customerId: string): Promise<Agreement[]> {
    this.calls.push(`listAgreements ${customerId}`);
    return (this.tenant(customerId).agreements ?? []).map((agreement) => ({
      primaryContact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@contoso.example' },
      templateId: 'mca-template',
      type: 'MicrosoftCustomerAgreement',
      dateAgreed: agreement.dateAgreed,
    }));
  }

  async getDirectSignStatus(customerId: string): Promise<{ isSigned: boolean }> {
    this.calls.push(`getDirectSignStatus ${customerId}`);
    return { isSigned: this.tenant(customerId).directlySigned ?? false };
  }

  async getRelationshipRequestUrl(query: { indirectResellerId?: string; indirectCloudSolutionProviderId?: string } = {}): Promise<string> {
    this.relationshipQueries.push(query);
    const reseller = query.indirectResellerId ? `&indirectReseller=${query.indirectResellerId}` : '';
    return `https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship${reseller}`;
  }

  private tenant(id: string): FakeTenant {
    const tenant = this.tenants.find((candidate) => candidate.id === id);
    if (!tenant) throw new Error(`no tenant ${id}`);
    return tenant;
  }
}
