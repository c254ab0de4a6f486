import type { PartnerCenterClient } from '@nce/partner-center';
import type { SqlExecutor } from '@nce/persistence';

/** The Partner Center calls the account and qualification steps make (a narrow port over the client). */
export type AccountsPartnerCenter = Pick<
  PartnerCenterClient,
  | 'findCustomerByDomain'
  | 'getCustomer'
  | 'isDomainAvailable'
  | 'createCustomer'
  | 'getRelationshipRequestUrl'
  | 'getValidationStatus'
  | 'getQualifications'
  | 'createQualification'
>;

export interface AdminCredentialStore {
  save(
    record: { orderId: string; customerId: string; tenantId: string; userName: string; password: string },
    tx?: SqlExecutor,
  ): Promise<void>;
  find(orderId: string): Promise<{ customerId: string; tenantId: string; userName: string; password: string } | null>;
}
