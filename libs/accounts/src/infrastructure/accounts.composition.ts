import type { SecretBox, UnitOfWork } from '@nce/persistence';
import { AccountQueries } from '../application/account-queries';
import type { AuditTrail } from '../application/accounts.ports';
import { CreateCustomerApiKey, ManageApiKeys } from '../application/manage-api-keys.use-cases';
import { CreateCustomer } from '../application/manage-customers.use-cases';
import { UpdatePartnerSettings } from '../application/manage-partners.use-cases';
import { RevealAdminCredentials } from '../application/reveal-admin-credentials.use-case';
import { SqlAdminCredentialStore } from './sql-admin-credential.store';
import { SqlApiKeyRepository } from './sql-api-key.repository';
import { SqlCustomerRepository } from './sql-customer.repository';
import { SqlPartnerRepository } from './sql-partner.repository';

/** The accounts context's one object graph, used by the API's providers and by the workers. */
export function createAccountsContext(deps: { unitOfWork: UnitOfWork; secretBox: SecretBox; audit: AuditTrail }) {
  const { unitOfWork, audit } = deps;
  const customers = new SqlCustomerRepository(unitOfWork.executor);
  const partners = new SqlPartnerRepository(unitOfWork.executor);
  const apiKeys = new SqlApiKeyRepository(unitOfWork.executor);
  const adminCredentials = new SqlAdminCredentialStore(unitOfWork.executor, deps.secretBox);
  return {
    customers,
    partners,
    apiKeys,
    adminCredentials,
    queries: new AccountQueries(customers, partners),
    /** Customers and partners as an order reads them (the orders context's OrderingParties). */
    parties: {
      findCustomer: (id: string) => customers.findById(id),
      findCustomerWithPartner: (id: string) => customers.findWithPartner(id),
      findPartner: (id: string) => partners.findById(id),
    },
    createCustomer: new CreateCustomer(customers),
    createCustomerApiKey: new CreateCustomerApiKey(customers, apiKeys, undefined, audit),
    manageApiKeys: new ManageApiKeys(apiKeys, audit),
    updatePartnerSettings: new UpdatePartnerSettings(partners),
    revealAdminCredentials: new RevealAdminCredentials(adminCredentials, audit),
  };
}

export type AccountsContext = ReturnType<typeof createAccountsContext>;
