import type { LookupPartnerCenter } from '@nce/accounts';
import type { Agreement, Customer as PartnerCenterCustomer, RelationshipToPartner } from '@nce/partner-center';

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
