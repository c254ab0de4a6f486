import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { PanelSessionRow, PanelSessionStore } from '../application/panel-sessions.use-cases';

interface Row {
  id: string;
  kind: 'link' | 'session';
  customer_id: string;
  partner_id: string;
  return_path: string | null;
  expires_at: Date | string;
}

function toRow(row: Row): PanelSessionRow {
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    returnPath: row.return_path,
    expiresAt: fromSqlTime(row.expires_at),
  };
}

export class SqlPanelSessionStore implements PanelSessionStore {
  constructor(private readonly db: SqlExecutor) {}

  async insert(row: PanelSessionRow & { secretHash: string; createdAt: Date }): Promise<void> {
    await this.db.query(
      'INSERT INTO panel_sessions (id, kind, secret_hash, customer_id, partner_id, return_path, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [row.id, row.kind, row.secretHash, row.customerId, row.partnerId, row.returnPath, toSqlTime(row.createdAt), toSqlTime(row.expiresAt)],
    );
  }

  async useLink(secretHash: string, now: Date): Promise<PanelSessionRow | null> {
    // The conditional update is the single use: of two concurrent openings, one changes the row.
    const result = await this.db.query<{ affectedRows: number }>(
      "UPDATE panel_sessions SET used_at = ? WHERE secret_hash = ? AND kind = 'link' AND used_at IS NULL AND expires_at > ?",
      [toSqlTime(now), secretHash, toSqlTime(now)],
    );
    if (result.affectedRows !== 1) return null;
    const rows = await this.db.query<Row[]>("SELECT * FROM panel_sessions WHERE secret_hash = ? AND kind = 'link'", [secretHash]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findSession(secretHash: string, now: Date): Promise<PanelSessionRow | null> {
    const rows = await this.db.query<Row[]>(
      "SELECT * FROM panel_sessions WHERE secret_hash = ? AND kind = 'session' AND ended_at IS NULL AND expires_at > ?",
      [secretHash, toSqlTime(now)],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async end(secretHash: string, now: Date): Promise<void> {
    await this.db.query("UPDATE panel_sessions SET ended_at = ? WHERE secret_hash = ? AND kind = 'session' AND ended_at IS NULL", [
      toSqlTime(now),
      secretHash,
    ]);
  }
}
