import { type SqlExecutor, type ResultHeader, isDuplicateKeyError, toSqlTime } from '@nce/persistence';
import type { IdempotencyBegin, IdempotencyStore } from '../application/orders.ports';

interface KeyRow {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: string | null;
  locked_at: Date;
}

/**
 * Stripe-style idempotency keys. `begin` claims the key in its own short commit so a concurrent
 * duplicate sees `in_progress` (409) instead of waiting on a row lock; the response is stored in the
 * transaction that creates the order, so a stored key always matches a committed order.
 */
export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly lockSeconds: number,
  ) {}

  async begin(apiKeyId: string, key: string, requestHash: string, now: Date): Promise<IdempotencyBegin> {
    try {
      await this.db.query(
        "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, state, locked_at, created_at) VALUES (?, ?, ?, 'in_progress', ?, ?)",
        [apiKeyId, key, requestHash, toSqlTime(now), toSqlTime(now)],
      );
      return { kind: 'started' };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const rows = await this.db.query<KeyRow[]>(
      'SELECT request_hash, state, response_status, response_body, locked_at FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ?',
      [apiKeyId, key],
    );
    const row = rows[0];
    if (!row) return this.begin(apiKeyId, key, requestHash, now);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.state === 'completed' && row.response_status !== null && row.response_body !== null) {
      return { kind: 'replay', status: row.response_status, body: row.response_body };
    }
    // A claim older than the lock window belongs to a request that died: take it over.
    const stale = new Date(now.getTime() - this.lockSeconds * 1000);
    const taken = await this.db.query<ResultHeader>(
      "UPDATE idempotency_keys SET locked_at = ? WHERE api_key_id = ? AND idempotency_key = ? AND state = 'in_progress' AND locked_at < ?",
      [toSqlTime(now), apiKeyId, key, toSqlTime(stale)],
    );
    return taken.affectedRows === 1 ? { kind: 'started' } : { kind: 'in_progress' };
  }

  async complete(tx: SqlExecutor, apiKeyId: string, key: string, status: number, body: string): Promise<void> {
    await tx.query(
      "UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ? WHERE api_key_id = ? AND idempotency_key = ?",
      [status, body, apiKeyId, key],
    );
  }

  async abandon(apiKeyId: string, key: string): Promise<void> {
    await this.db.query("DELETE FROM idempotency_keys WHERE api_key_id = ? AND idempotency_key = ? AND state = 'in_progress'", [
      apiKeyId,
      key,
    ]);
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    const result = await this.db.query<ResultHeader>(
      "DELETE FROM idempotency_keys WHERE created_at < ? AND state = 'completed' LIMIT 10000",
      [toSqlTime(cutoff)],
    );
    return result.affectedRows;
  }
}
