import { createTestDatabase, type TestDatabase } from '@nce/testing';
import { SqlIdempotencyStore } from './sql-idempotency.store';
import { ManagerExecutor } from '@nce/persistence';

describe('SqlIdempotencyStore (real MySQL)', () => {
  let db: TestDatabase;
  let store: SqlIdempotencyStore;
  const now = new Date('2026-11-25T12:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDatabase('idempotency');
    store = new SqlIdempotencyStore(new ManagerExecutor(db.dataSource), 60);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('claims a new key, reports in-progress to a duplicate, and replays once completed', async () => {
    expect(await store.begin('k1', 'a', 'h1', now)).toEqual({ kind: 'started' });
    expect(await store.begin('k1', 'a', 'h1', now)).toEqual({ kind: 'in_progress' });
    expect(await store.begin('k1', 'a', 'h2', now)).toEqual({ kind: 'mismatch' });
    await store.complete(new ManagerExecutor(db.dataSource), 'k1', 'a', 202, '{"id":"x"}');
    expect(await store.begin('k1', 'a', 'h1', now)).toEqual({ kind: 'replay', status: 202, body: '{"id":"x"}' });
  });

  it('takes over a claim abandoned by a crashed request after the lock window', async () => {
    expect(await store.begin('k2', 'b', 'h', now)).toEqual({ kind: 'started' });
    expect(await store.begin('k2', 'b', 'h', new Date(now.getTime() + 30_000))).toEqual({ kind: 'in_progress' });
    expect(await store.begin('k2', 'b', 'h', new Date(now.getTime() + 61_000))).toEqual({ kind: 'started' });
  });

  it('forgets an abandoned key so the client can retry it', async () => {
    await store.begin('k3', 'c', 'h', now);
    await store.abandon('k3', 'c');
    expect(await store.begin('k3', 'c', 'h-other', now)).toEqual({ kind: 'started' });
  });

  it('purges completed keys older than the cutoff and keeps younger ones', async () => {
    const tx = new ManagerExecutor(db.dataSource);
    await store.begin('k4', 'old', 'h', now);
    await store.complete(tx, 'k4', 'old', 202, '{}');
    await store.begin('k4', 'young', 'h', now);
    await store.complete(tx, 'k4', 'young', 202, '{}');
    await db.dataSource.query("UPDATE idempotency_keys SET created_at = '2026-11-23 11:00:00.000' WHERE idempotency_key = 'old'");
    const purged = await store.purgeOlderThan(new Date('2026-11-23T12:00:00.000Z'));
    expect(purged).toBe(1);
    const left = await db.dataSource.query("SELECT idempotency_key FROM idempotency_keys WHERE api_key_id = 'k4'");
    expect(left).toEqual([{ idempotency_key: 'young' }]);
  });
});
