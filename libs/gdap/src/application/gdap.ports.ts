import type { PartnerCenterClient } from '@nce/partner-center';
import type { SqlExecutor } from '@nce/persistence';
import type { GdapStatus } from '../domain/role-coverage.model';

export type GdapPartnerCenter = Pick<
  PartnerCenterClient,
  | 'listDelegatedAdminRelationships'
  | 'createDelegatedAdminRelationship'
  | 'lockForApproval'
  | 'deleteDelegatedAdminRelationship'
  | 'createAccessAssignment'
  | 'listAccessAssignments'
>;

export interface CustomerGdapState {
  customerId: string;
  status: GdapStatus;
  missingRoles: string[];
  approvalUrl: string | null;
  relationshipId: string | null;
  checkedAt: Date;
  /** When the approval became pending (kept across re-checks; a re-check on demand restarts it). */
  pendingSince?: Date | null;
  /** Set once the automatic re-checks stopped (pending longer than the re-check window). */
  rechecksStoppedAt?: Date | null;
}

export interface CustomerGdapRepository {
  find(customerId: string): Promise<CustomerGdapState | null>;
  /** Runs `work` holding the customer's GDAP row lock, so two checks never request twice. */
  withLock<T>(customerId: string, work: (tx: SqlExecutor, current: CustomerGdapState | null) => Promise<T>): Promise<T>;
  save(tx: SqlExecutor, state: CustomerGdapState): Promise<void>;
}
