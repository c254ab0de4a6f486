import { type SecretBox, type SqlExecutor, toSqlTime } from '@nce/persistence';
import type { AdminCredentialStore } from '../application/step-ports';

interface CredentialRow {
  customer_id: string;
  tenant_id: string;
  user_name: string;
  password_encrypted: string;
}

/** Tenant admin credentials, the password sealed with the configured key (DESIGN.md section 7). */
export class SqlAdminCredentialStore implements AdminCredentialStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly box: SecretBox,
  ) {}

  async save(
    record: { orderId: string; customerId: string; tenantId: string; userName: string; password: string },
    tx?: SqlExecutor,
  ): Promise<void> {
    await (tx ?? this.db).query(
      `INSERT INTO tenant_admin_credentials (order_id, customer_id, tenant_id, user_name, password_encrypted, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE user_name = VALUES(user_name), password_encrypted = VALUES(password_encrypted)`,
      [record.orderId, record.customerId, record.tenantId, record.userName, this.box.seal(record.password), toSqlTime(new Date())],
    );
  }

  async find(orderId: string): Promise<{ customerId: string; tenantId: string; userName: string; password: string } | null> {
    const rows = await this.db.query<CredentialRow[]>(
      'SELECT customer_id, tenant_id, user_name, password_encrypted FROM tenant_admin_credentials WHERE order_id = ?',
      [orderId],
    );
    const row = rows[0];
    return row
      ? { customerId: row.customer_id, tenantId: row.tenant_id, userName: row.user_name, password: this.box.open(row.password_encrypted) }
      : null;
  }
}
