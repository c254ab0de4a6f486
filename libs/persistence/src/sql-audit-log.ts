import type { SqlExecutor } from './sql-executor';
import { fromSqlTime, toSqlTime } from './sql-executor';

export interface AuditRecord {
  actorKeyId: string | null;
  actorRole: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

export interface StoredAuditRecord extends AuditRecord {
  id: number;
  at: Date;
}

/** Who did what to which order or queue, and when (operator actions, credential reads). */
export class SqlAuditLog {
  constructor(private readonly db: SqlExecutor) {}

  async record(entry: AuditRecord, tx?: SqlExecutor, at = new Date()): Promise<void> {
    await (tx ?? this.db).query(
      'INSERT INTO audit_log (at, actor_key_id, actor_role, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        toSqlTime(at),
        entry.actorKeyId,
        entry.actorRole,
        entry.action,
        entry.targetType,
        entry.targetId,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async list(filter: { targetType?: string; targetId?: string; limit: number; beforeId?: number }): Promise<StoredAuditRecord[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      conditions.push(sql);
      parameters.push(value);
    };
    if (filter.targetType) add('target_type = ?', filter.targetType);
    if (filter.targetId) add('target_id = ?', filter.targetId);
    if (filter.beforeId) add('id < ?', filter.beforeId);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.db.query<
      Array<{
        id: number;
        at: Date;
        actor_key_id: string | null;
        actor_role: string;
        action: string;
        target_type: string;
        target_id: string;
        details: unknown;
      }>
    >(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`, [...parameters, filter.limit]);
    return rows.map((row) => ({
      id: Number(row.id),
      at: fromSqlTime(row.at),
      actorKeyId: row.actor_key_id,
      actorRole: row.actor_role,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>,
    }));
  }
}
