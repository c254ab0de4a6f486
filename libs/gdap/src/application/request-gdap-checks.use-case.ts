import type { UnitOfWork } from '@nce/persistence';
import type { CustomerGdapRepository, CustomerGdapState } from './gdap.ports';
import { requestGdapChecks } from './request-gdap-check.use-case';

/** Starts GDAP checks on demand (worker-gdap runs them), committed through the outbox. */
export class RequestGdapChecks {
  constructor(
    private readonly deps: {
      unitOfWork: Pick<UnitOfWork, 'transaction'>;
      repository: Pick<CustomerGdapRepository, 'find'>;
      /** The partner's customers linked to a Microsoft tenant (the accounts context knows them). */
      linkedCustomerIds: (partnerId: string) => Promise<string[]>;
      onCommitted: () => void;
    },
  ) {}

  /** The "Approved Partner Roles" button: the last check's result, and a fresh check started (a second press shows it). */
  async forCustomer(customerId: string): Promise<CustomerGdapState | null> {
    const last = await this.deps.repository.find(customerId);
    await this.deps.unitOfWork.transaction((tx) => requestGdapChecks(tx, [customerId], 'requested'));
    this.deps.onCommitted();
    return last;
  }

  /** New required roles: every customer of the partner with a Microsoft tenant is checked again. */
  async forPartner(partnerId: string): Promise<void> {
    const customerIds = await this.deps.linkedCustomerIds(partnerId);
    await this.deps.unitOfWork.transaction((tx) => requestGdapChecks(tx, customerIds, 'roles_changed'));
    this.deps.onCommitted();
  }

  /** The last check's result, without starting one (shown on a completed order). */
  status(customerId: string): Promise<CustomerGdapState | null> {
    return this.deps.repository.find(customerId);
  }
}
