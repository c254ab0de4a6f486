/*
 * The bare reference pipeline (`npm run bench:reference`): what one of our orders costs, done with
 * raw bullmq, mysql2/promise, undici and fastify (no Nest, no TypeORM, no breakers, no zod, no
 * metrics). It mirrors, round trip for round trip, what the product does per order (counted from
 * the code and from MariaDB's general log of a small run, product commit 5aa75f0):
 *
 *   intake (API)       SELECT customer ⋈ partner; INSERT idempotency key (autocommit);
 *                      START; INSERT order; INSERT event; INSERT outbox; UPDATE key; COMMIT (one round trip);
 *                      PUBLISH wake-up; relay kicked.
 *   relay (each proc.) SET ISOLATION; START; SELECT outbox … FOR UPDATE SKIP LOCKED → addBulk → DELETE; COMMIT
 *                      (4 commands per order: order.account, order.mca, order.subscription, gdap.check).
 *   account job        plain read (order + subscriptions); locked transaction accepted → in_progress
 *                      (START; SELECT … FOR UPDATE; SELECT subs | UPDATE order; INSERT event; UPDATE seq; COMMIT);
 *                      PC GET /v1/customers?filter; UPDATE customers (link tenant) + SELECT customer (autocommit);
 *                      PC GET validationStatus; locked transaction: UPDATE; INSERT event; UPDATE seq; INSERT outbox; COMMIT.
 *   mca job            plain read; PC GET agreements ∥ GET directSignedMicrosoftCustomerAgreementStatus;
 *                      locked transaction: UPDATE; INSERT event; UPDATE seq; INSERT outbox; COMMIT.
 *   subscription job   plain read; SELECT partner; PC POST carts; locked transaction (checkout intent): UPDATE; COMMIT;
 *                      PC POST checkout; PC GET subscriptions?order_id; locked transaction: UPDATE; INSERT subscriptions;
 *                      INSERT event; UPDATE seq; INSERT outbox (gdap.check); COMMIT.
 *   timeline           one row per Partner Center call (7) and per job attempt (3), batched every 200 ms per process.
 *
 * Per order: 6 explicit transactions + 2 autocommit writes (idempotency claim, tenant link), the relay's
 * claim/delete transactions (batched), 4 BullMQ adds and 3 jobs processed, 5 PUBLISH, 7 Partner Center
 * calls over HTTP to the same simulator. The tables are simpler (one JSON column per order part) but
 * carry the same rows of similar size.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Queue } from 'bullmq';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';

export const JOB_QUEUE: Record<string, string> = {
  'order.account': 'subscription',
  'order.mca': 'mca',
  'order.subscription': 'subscription',
  'gdap.check': 'gdap',
};
export const STEP_JOB: Record<string, string> = { account: 'order.account', mca: 'order.mca', subscription: 'order.subscription' };
const NEXT_STEP: Record<string, string | null> = { account: 'mca', mca: 'subscription', subscription: null };

export function jobOptions(jobName: string, jobId: string, delayMs: number): Record<string, unknown> {
  const attempts = jobName === 'order.subscription' || jobName === 'gdap.check' ? 10 : 8;
  return {
    attempts,
    backoff: { type: 'exponential', delay: jobName === 'gdap.check' ? 5_000 : 2_000, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
    jobId,
    delay: delayMs > 0 ? delayMs : undefined,
  };
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export function sqlTime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const SCHEMA = [
  `CREATE TABLE partners (id CHAR(36) NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, channel VARCHAR(16) NOT NULL, mpn_id VARCHAR(32) NULL, settings JSON NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE api_keys (id CHAR(36) NOT NULL PRIMARY KEY, key_hash CHAR(64) NOT NULL, partner_id CHAR(36) NOT NULL, UNIQUE KEY uq_hash (key_hash)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE customers (id CHAR(36) NOT NULL PRIMARY KEY, partner_id CHAR(36) NOT NULL, name VARCHAR(200) NOT NULL, tenant_id VARCHAR(64) NULL, tenant_domain VARCHAR(255) NULL,
     created_at DATETIME(3) NOT NULL, updated_at DATETIME(3) NOT NULL, KEY idx_partner (partner_id, created_at), KEY idx_tenant (tenant_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE orders (id CHAR(36) NOT NULL PRIMARY KEY, customer_id CHAR(36) NOT NULL, partner_id CHAR(36) NOT NULL, status VARCHAR(20) NOT NULL, step VARCHAR(20) NULL,
     run INT NOT NULL, items JSON NOT NULL, account JSON NOT NULL, request JSON NOT NULL, progress JSON NOT NULL, checkout_intent JSON NULL, portal_url VARCHAR(500) NULL,
     last_event_sequence INT NOT NULL, version INT NOT NULL, created_at DATETIME(3) NOT NULL, updated_at DATETIME(3) NOT NULL,
     KEY idx_customer (customer_id, created_at, id), KEY idx_partner (partner_id, created_at, id), KEY idx_status (status, updated_at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE order_subscriptions (order_id CHAR(36) NOT NULL, subscription_id VARCHAR(64) NOT NULL, catalog_item_id VARCHAR(100) NOT NULL, status VARCHAR(20) NOT NULL, quantity INT NOT NULL,
     term_duration VARCHAR(8) NOT NULL, billing_cycle VARCHAR(16) NOT NULL, commitment_end_date VARCHAR(32) NULL, PRIMARY KEY (order_id, subscription_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE order_events (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, order_id CHAR(36) NOT NULL, sequence INT NOT NULL, type VARCHAR(40) NOT NULL, occurred_at DATETIME(3) NOT NULL,
     data JSON NOT NULL, UNIQUE KEY uq_sequence (order_id, sequence)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE outbox (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, queue VARCHAR(64) NOT NULL, job_name VARCHAR(64) NOT NULL, job_id VARCHAR(200) NOT NULL, payload JSON NOT NULL,
     delay_ms INT NOT NULL DEFAULT 0, created_at DATETIME(3) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE idempotency_keys (api_key_id CHAR(36) NOT NULL, idempotency_key VARCHAR(255) NOT NULL, request_hash CHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, response_status INT NULL,
     response_body MEDIUMTEXT NULL, locked_at DATETIME(3) NOT NULL, created_at DATETIME(3) NOT NULL, PRIMARY KEY (api_key_id, idempotency_key), KEY idx_created (created_at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  `CREATE TABLE order_timeline (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, order_id CHAR(36) NOT NULL, at DATETIME(3) NOT NULL, kind VARCHAR(20) NOT NULL, data JSON NOT NULL,
     KEY idx_order (order_id, at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
];

export interface Command {
  jobName: string;
  jobId: string;
  data: Record<string, unknown>;
  delayMs?: number;
}

export function outboxInsert(commands: Command[], now: Date): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms, created_at) VALUES ${commands.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    params: commands.flatMap((command) => [
      JOB_QUEUE[command.jobName],
      command.jobName,
      command.jobId,
      JSON.stringify(command.data),
      command.delayMs ?? 0,
      sqlTime(now),
    ]),
  };
}

export function stepCommand(step: string, orderId: string, run: number): Command {
  return { jobName: STEP_JOB[step], jobId: `${step}-${orderId}-${run}`, data: { orderId, run, correlationId: orderId } };
}

export function nextStepOf(step: string): string | null {
  return NEXT_STEP[step];
}

/** The outbox relay, as the product's: claim with SKIP LOCKED, addBulk per queue, delete in the commit. */
export class Relay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = true;

  constructor(
    private readonly pool: Pool,
    private readonly queue: (name: string) => Queue,
    private readonly pollMs: number,
    private readonly batchSize = 500,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.again = false;
    let published = 0;
    let failed = false;
    try {
      published = await this.publishBatch();
    } catch {
      failed = true;
    } finally {
      this.running = false;
    }
    this.schedule(failed ? 1_000 : published >= this.batchSize || this.again ? 0 : this.pollMs);
  }

  private async publishBatch(): Promise<number> {
    const connection = await this.pool.getConnection();
    try {
      const [results] = await connection.query(
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; SELECT id, queue, job_name, job_id, payload, delay_ms FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
        [this.batchSize],
      );
      const rows = (results as unknown[])[2] as Array<{
        id: number;
        queue: string;
        job_name: string;
        job_id: string;
        payload: string;
        delay_ms: number;
      }>;
      if (rows.length === 0) {
        await connection.query('COMMIT');
        return 0;
      }
      const byQueue = new Map<string, typeof rows>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      await Promise.all(
        [...byQueue.entries()].map(([queue, queued]) =>
          this.queue(queue).addBulk(
            queued.map((row) => ({
              name: row.job_name,
              data: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
              opts: jobOptions(row.job_name, row.job_id, row.delay_ms),
            })),
          ),
        ),
      );
      await connection.query(
        `DELETE FROM outbox WHERE id IN (${rows.map(() => '?').join(',')}); COMMIT`,
        rows.map((row) => row.id),
      );
      return rows.length;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }
}

/** Timeline rows, buffered and written in batches (as the product's recorder). */
export class Timeline {
  private buffer: Array<[string, Date, string, Record<string, unknown>]> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pool: Pool) {}

  record(orderId: string, kind: string, data: Record<string, unknown>): void {
    this.buffer.push([orderId, new Date(), kind, data]);
    this.timer ??= setTimeout(() => void this.flush(), 200);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, 1000);
      await this.pool
        .query(
          `INSERT INTO order_timeline (order_id, at, kind, data) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`,
          batch.flatMap(([orderId, at, kind, data]) => [orderId, sqlTime(at), kind, JSON.stringify(data)]),
        )
        .catch(() => undefined);
    }
  }
}

export interface OrderRow {
  id: string;
  customer_id: string;
  partner_id: string;
  status: string;
  step: string | null;
  run: number;
  items: string;
  account: string;
  request: string;
  progress: string;
  checkout_intent: string | null;
  portal_url: string | null;
  last_event_sequence: number;
  version: number;
}

export interface RefOrder {
  id: string;
  customerId: string;
  partnerId: string;
  status: string;
  step: string | null;
  run: number;
  items: Array<{ catalogItemId: string; quantity: number; termDuration: string; billingCycle: string }>;
  account: { type: string; domain: string; customerTenantId?: string };
  request: Record<string, unknown>;
  progress: Record<string, unknown>;
  checkoutIntent: { cartId: string; requestId: string; at: string } | null;
  portalUrl: string | null;
  lastEventSequence: number;
  version: number;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export function toOrder(row: OrderRow): RefOrder {
  return {
    id: row.id,
    customerId: row.customer_id,
    partnerId: row.partner_id,
    status: row.status,
    step: row.step,
    run: row.run,
    items: json(row.items),
    account: json(row.account),
    request: json(row.request),
    progress: json(row.progress),
    checkoutIntent: json(row.checkout_intent),
    portalUrl: row.portal_url,
    lastEventSequence: row.last_event_sequence,
    version: row.version,
  };
}

export interface Change {
  order: RefOrder;
  events: Array<{ type: string; data: Record<string, unknown> }>;
  commands: Command[];
  subscriptions?: Array<{
    id: string;
    offerId: string;
    status: string;
    quantity: number;
    termDuration: string;
    billingCycle: string;
    commitmentEndDate: string | null;
  }>;
}

/** One order's writes (as CommitOrderChange): UPDATE order [, subscriptions] [, events + sequence] [, outbox]. */
export function changeStatements(change: Change, now: Date): { sql: string[]; params: unknown[] } {
  const { order } = change;
  const sql: string[] = [
    'UPDATE orders SET status = ?, step = ?, run = ?, items = ?, account = ?, request = ?, progress = ?, checkout_intent = ?, portal_url = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?',
  ];
  const params: unknown[] = [
    order.status,
    order.step,
    order.run,
    JSON.stringify(order.items),
    JSON.stringify(order.account),
    JSON.stringify(order.request),
    JSON.stringify(order.progress),
    order.checkoutIntent ? JSON.stringify(order.checkoutIntent) : null,
    order.portalUrl,
    sqlTime(now),
    order.id,
    order.version,
  ];
  if (change.subscriptions && change.subscriptions.length > 0) {
    sql.push(
      `INSERT INTO order_subscriptions (order_id, subscription_id, catalog_item_id, status, quantity, term_duration, billing_cycle, commitment_end_date) VALUES ${change.subscriptions.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE status = VALUES(status), quantity = VALUES(quantity), commitment_end_date = VALUES(commitment_end_date)`,
    );
    params.push(
      ...change.subscriptions.flatMap((s) => [
        order.id,
        s.id,
        s.offerId,
        s.status,
        s.quantity,
        s.termDuration,
        s.billingCycle,
        s.commitmentEndDate,
      ]),
    );
  }
  if (change.events.length > 0) {
    const first = order.lastEventSequence + 1;
    sql.push(
      `INSERT INTO order_events (order_id, sequence, type, occurred_at, data) VALUES ${change.events.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
    );
    params.push(
      ...change.events.flatMap((event, index) => [order.id, first + index, event.type, sqlTime(now), JSON.stringify(event.data)]),
    );
    sql.push('UPDATE orders SET last_event_sequence = ? WHERE id = ?');
    params.push(first + change.events.length - 1, order.id);
  }
  if (change.commands.length > 0) {
    const outbox = outboxInsert(change.commands, now);
    sql.push(outbox.sql);
    params.push(...outbox.params);
  }
  return { sql, params };
}

/** A plain read of the order and its subscriptions (one round trip). */
export async function readOrder(pool: Pool, orderId: string): Promise<RefOrder | null> {
  const [results] = await pool.query(
    'SELECT * FROM orders WHERE id = ?; SELECT * FROM order_subscriptions WHERE order_id = ? ORDER BY subscription_id',
    [orderId, orderId],
  );
  const rows = (results as RowDataPacket[][])[0] as unknown as OrderRow[];
  return rows[0] ? toOrder(rows[0]) : null;
}

/**
 * The product's locked transaction in two round trips: START + SELECT … FOR UPDATE (+ subscriptions),
 * then the writes with the COMMIT. `change` returns null when the job no longer applies.
 */
export async function lockedChange(
  pool: Pool,
  orderId: string,
  applies: (order: RefOrder) => boolean,
  change: (order: RefOrder, now: Date) => Change | null,
): Promise<{ order: RefOrder; events: number; commands: number } | null> {
  const connection: PoolConnection = await pool.getConnection();
  try {
    const [results] = await connection.query(
      'START TRANSACTION; SELECT * FROM orders WHERE id = ? FOR UPDATE; SELECT * FROM order_subscriptions WHERE order_id = ? ORDER BY subscription_id',
      [orderId, orderId],
    );
    const row = ((results as unknown[])[1] as OrderRow[])[0];
    const order = row ? toOrder(row) : null;
    const now = new Date();
    const next = order && applies(order) ? change(order, now) : null;
    if (!order || !next) {
      await connection.query('COMMIT');
      return null;
    }
    const writes = changeStatements(next, now);
    const [written] = await connection.query([...writes.sql, 'COMMIT'].join(';\n'), writes.params);
    if ((written as ResultSetHeader[])[0].affectedRows !== 1) throw new Error(`concurrent update of order ${orderId}`);
    return {
      order: { ...next.order, version: next.order.version + 1, lastEventSequence: next.order.lastEventSequence + next.events.length },
      events: next.events.length,
      commands: next.commands.length,
    };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

export function newRequestId(): string {
  return randomUUID();
}

/** Runs a reference process: stops on SIGTERM/SIGINT with `stop`, exits 1 with the stack if `main` fails. */
export function runReferenceProcess(main: () => Promise<() => Promise<void>>): void {
  main()
    .then((stop) => {
      const exit = (): void => void stop().then(() => process.exit(0));
      process.once('SIGTERM', exit);
      process.once('SIGINT', exit);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
