import { canSee, type Principal } from '@nce/contracts';
import { mcaStatus, type McaStatus } from '@nce/mca';
import type { PartnerCenterClient } from '@nce/partner-center';
import type { Customer } from '../domain/customer.model';
import type { Partner } from '../domain/partner.model';

export type LookupPartnerCenter = Pick<
  PartnerCenterClient,
  'isDomainAvailable' | 'findCustomerByDomain' | 'listAgreements' | 'getDirectSignStatus' | 'getRelationshipRequestUrl'
>;

export interface AccountLookup {
  exists: boolean;
  customerTenantId?: string;
  relationshipEstablished: boolean;
  mca: McaStatus;
}

/**
 * The wizard's synchronous checks (GET /v1/accounts/lookup, GET /v1/relationship-request), made
 * through the same client, breakers and budgets as the workers.
 */
export class LookupAccount {
  constructor(
    private readonly partnerCenter: LookupPartnerCenter,
    private readonly partnerTenantId: string,
    private readonly linkedCustomers: (tenantId: string) => Promise<Customer[]> = async () => [],
  ) {}

  /**
   * What the caller's order needs, nothing about other storefronts' customers: a tenant linked to
   * customers the caller cannot see answers only "exists" (like a tenant without a relationship, and
   * without asking Microsoft for its agreements); the tenant id goes to its partner and its own customer only.
   */
  async execute(domain: string, viewer?: Principal): Promise<AccountLookup> {
    const customer = await this.partnerCenter.findCustomerByDomain(domain);
    if (!customer || customer.relationshipToPartner === 'none') {
      const exists = !(await this.partnerCenter.isDomainAvailable(domain));
      // Without a relationship Microsoft shows us nothing of the account: its MCA is unknown, so it is asked for.
      return { exists, relationshipEstablished: false, mca: 'missing' };
    }
    const linked = viewer ? await this.linkedCustomers(customer.id) : [];
    const visible = !viewer || linked.some((owner) => canSee(viewer, { partnerId: owner.partnerId, customerId: owner.id }));
    if (!visible && linked.length > 0) return { exists: true, relationshipEstablished: false, mca: 'missing' };
    const [agreements, direct] = await Promise.all([
      this.partnerCenter.listAgreements(customer.id),
      this.partnerCenter.getDirectSignStatus(customer.id),
    ]);
    const answer: AccountLookup = { exists: true, relationshipEstablished: true, mca: mcaStatus(agreements, direct.isSigned) };
    return visible && (linked.length > 0 || viewer?.role !== 'customer') ? { ...answer, customerTenantId: customer.id } : answer;
  }

  async relationshipUrl(partner: Pick<Partner, 'channel' | 'resellerTenantId'>): Promise<string> {
    return this.partnerCenter.getRelationshipRequestUrl(
      partner.channel === 'indirect' && partner.resellerTenantId
        ? { indirectResellerId: partner.resellerTenantId, indirectCloudSolutionProviderId: this.partnerTenantId }
        : {},
    );
  }
}
