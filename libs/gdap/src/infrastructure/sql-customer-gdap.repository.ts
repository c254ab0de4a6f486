import { type SqlExecutor, type UnitOfWork, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { CustomerGdapRepository, CustomerGdapState } from '../application/gdap.ports';
import type { GdapStatus } from '../domain/role-coverage.model';

interface GdapRow {
  customer_id: string;
  status: GdapStatus;
  missing_roles: unknown;
  approval_url: string | null;
  relationship_id: string | null;
  checked_at: Date;
  pending_since: Date | null;
  rechecks_stopped_at: Date | null;
}

function toState(row: GdapRow): CustomerGdapState {
  return {
    customerId: row.customer_id,
    status: row.status,
    missingRoles: (typeof row.missing_roles === 'string' ? JSON.parse(row.missing_roles) : row.missing_roles) as string[],
    approvalUrl: row.approval_url,
    relationshipId: row.relationship_id,
    checkedAt: fromSqlTime(row.checked_at),
    pendingSince: row.pending_since ? fromSqlTime(row.pending_since) : null,
    rechecksStoppedAt: row.rechecks_stopped_at ? fromSqlTime(row.rechecks_stopped_at) : null,
  };
}

export class SqlCustomerGdapRepository implements CustomerGdapRepository {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async find(customerId: string): Promise<CustomerGdapState | null> {
    const rows = await this.unitOfWork.executor.query<GdapRow[]>('SELECT * FROM customer_gdap WHERE customer_id = ?', [customerId]);
    return rows[0] && rows[0].status !== 'checking' ? toState(rows[0]) : null;
  }

  async withLock<T>(customerId: string, work: (tx: SqlExecutor, current: CustomerGdapState | null) => Promise<T>): Promise<T> {
    const now = toSqlTime(new Date());
    // The row exists before it is locked, so concurrent first checks serialise on it too.
    await this.unitOfWork.executor.query(
      "INSERT IGNORE INTO customer_gdap (customer_id, status, missing_roles, checked_at, updated_at) VALUES (?, 'checking', '[]', ?, ?)",
      [customerId, now, now],
    );
    return this.unitOfWork.transaction(async (tx) => {
      const rows = await tx.query<GdapRow[]>('SELECT * FROM customer_gdap WHERE customer_id = ? FOR UPDATE', [customerId]);
      const current = rows[0] && rows[0].status !== 'checking' ? toState(rows[0]) : null;
      return work(tx, current);
    });
  }

  async save(tx: SqlExecutor, state: CustomerGdapState): Promise<void> {
    await tx.query(
      'UPDATE customer_gdap SET status = ?, missing_roles = ?, approval_url = ?, relationship_id = ?, checked_at = ?, pending_since = ?, rechecks_stopped_at = ?, updated_at = ? WHERE customer_id = ?',
      [
        state.status,
        JSON.stringify(state.missingRoles),
        state.approvalUrl,
        state.relationshipId,
        toSqlTime(state.checkedAt),
        state.pendingSince ? toSqlTime(state.pendingSince) : null,
        state.rechecksStoppedAt ? toSqlTime(state.rechecksStoppedAt) : null,
        toSqlTime(new Date()),
        state.customerId,
      ],
    );
  }
}
