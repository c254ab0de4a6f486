import { mcaStatus, type McaStatus } from '@nce/mca';
import type { PartnerCenterClient } from '@nce/partner-center';
import type { Partner } from '../domain/partner';

export type LookupPartnerCenter = Pick<PartnerCenterClient, 'isDomainAvailable' | 'findCustomerByDomain' | 'listAgreements' | 'getDirectSignStatus' | 'getRelationshipRequestUrl'>;

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
  constructor(private readonly partnerCenter: LookupPartnerCenter, private readonly partnerTenantId: string) {}

  async execute(domain: string): Promise<AccountLookup> {
    const customer = await this.partnerCenter.findCustomerByDomain(domain);
    if (!customer || customer.relationshipToPartner === 'none') {
      const exists = !(await this.partnerCenter.isDomainAvailable(domain));
      // Without a relationship Microsoft shows us nothing of the account: its MCA is unknown, so it is asked for.
      return { exists, relationshipEstablished: false, mca: 'missing' };
    }
    const [agreements, direct] = await Promise.all([this.partnerCenter.listAgreements(customer.id), this.partnerCenter.getDirectSignStatus(customer.id)]);
    return { exists: true, customerTenantId: customer.id, relationshipEstablished: true, mca: mcaStatus(agreements, direct.isSigned) };
  }

  async relationshipUrl(partner: Pick<Partner, 'channel' | 'resellerTenantId'>): Promise<string> {
    return this.partnerCenter.getRelationshipRequestUrl(
      partner.channel === 'indirect' && partner.resellerTenantId ? { indirectResellerId: partner.resellerTenantId, indirectCloudSolutionProviderId: this.partnerTenantId } : {},
    );
  }
}
