import type { UnitOfWork } from '@nce/persistence';
import { CheckGdapRoles, type GdapCheckDeps } from '../application/check-gdap-roles.use-case';
import { RequestGdapChecks } from '../application/request-gdap-checks.use-case';
import { SqlCustomerGdapRepository } from './sql-customer-gdap.repository';

/** The GDAP context's one object graph: the API starts checks, worker-gdap runs them (`checker`). */
export function createGdapContext(deps: {
  unitOfWork: UnitOfWork;
  linkedCustomerIds: (partnerId: string) => Promise<string[]>;
  onCommitted: () => void;
}) {
  const repository = new SqlCustomerGdapRepository(deps.unitOfWork);
  return {
    repository,
    requestChecks: new RequestGdapChecks({
      unitOfWork: deps.unitOfWork,
      repository,
      linkedCustomerIds: deps.linkedCustomerIds,
      onCommitted: deps.onCommitted,
    }),
    checker: (checkDeps: Omit<GdapCheckDeps, 'repository'>) => new CheckGdapRoles({ ...checkDeps, repository }),
  };
}

export type GdapContext = ReturnType<typeof createGdapContext>;
