import { JOB_OPTIONS, type JobName, type QueueName, jobPriorityOf } from '@nce/contracts';
import type { SqlExecutor, UnitOfWork } from '@nce/persistence';
import type { QueueRegistry } from './queue-registry';
import { backoffDelay } from '@nce/resilience';

interface OutboxRow {
  id: number;
  queue: QueueName;
  job_name: JobName;
  job_id: string;
  payload: string | Record<string, unknown>;
  delay_ms: number;
}

export interface RelayObserver {
  published(count: number, oldestCreatedAt: Date | null): void;
  failed(error: unknown): void;
}

/**
 * Publishes committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of relays (one per API or worker process) share the work; a row is deleted only in the
 * transaction that saw BullMQ accept its job. Deterministic job ids make a re-publish after a crash
 * between add and commit harmless (BullMQ ignores an existing id).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = true;
  private failures = 0;
  /** Empty passes in a row: the poll slows down (doubling, up to idleMaxMs) while nothing is written. */
  private emptyPasses = 0;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly queues: QueueRegistry,
    /**
     * `idleMaxMs`: the slowest poll while idle (default pollMs: no slow-down). Every process kicks its relay
     * after a commit that wrote commands, so the poll only catches what a kick missed (a crash between
     * commit and kick): an idle stack need not ask MySQL five times a second per process.
     */
    private readonly options: { pollMs: number; batchSize: number; timeScale?: number; idleMaxMs?: number },
    private readonly observer?: RelayObserver,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Publish soon (after a commit that wrote commands) instead of waiting for the poll. */
  kick(): void {
    if (this.stopped) return;
    this.emptyPasses = 0;
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

  /** One pass; returns how many commands were published. */
  async publishBatch(): Promise<number> {
    // Pipelined: the claim opens the transaction, the DELETE travels with the COMMIT (two round trips).
    return this.unitOfWork.pipelined(async (tx: SqlExecutor) => {
      const rows = await tx.query<OutboxRow[]>(
        'SELECT id, queue, job_name, job_id, payload, delay_ms FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      await Promise.all(
        [...byQueue.entries()].map(([queue, queued]) =>
          this.queues.get(queue).addBulk(
            queued.map((row) => {
              const data: unknown = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
              const priority = jobPriorityOf(data);
              return {
                name: row.job_name,
                data,
                opts: priority === undefined ? this.jobOptions(row) : { ...this.jobOptions(row), priority },
              };
            }),
          ),
        ),
      );
      await tx.query(
        `DELETE FROM outbox WHERE id IN (${rows.map(() => '?').join(',')})`,
        rows.map((row) => row.id),
      );
      return rows.length;
      // READ COMMITTED: no next-key lock past the last claimed row, so inserts of new commands
      // (every accepted order) never wait for this relay's round trip to Redis.
    }, 'READ COMMITTED');
  }

  // TIME_SCALE compresses retry back-off for tests and chaos runs; production uses 1.
  private jobOptions(row: OutboxRow): Record<string, unknown> {
    const base = JOB_OPTIONS[row.job_name];
    const scale = this.options.timeScale ?? 1;
    return {
      ...base,
      backoff: { ...base.backoff, delay: Math.max(1, Math.round(base.backoff.delay / scale)), jitter: 0.5 },
      jobId: row.job_id,
      delay: row.delay_ms > 0 ? row.delay_ms : undefined,
    };
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
    try {
      published = await this.publishBatch();
      this.failures = 0;
      if (published > 0) this.observer?.published(published, null);
    } catch (error) {
      this.failures += 1;
      this.observer?.failed(error);
    } finally {
      this.running = false;
    }
    // Drain while there is work; back off (up to 5 s) while Redis or MySQL fail.
    const backoff =
      this.failures > 0 ? backoffDelay(this.failures + 1, { baseMs: this.options.pollMs, maxMs: 5_000, jitter: 'none' }) : null;
    this.emptyPasses = published > 0 || this.failures > 0 ? 0 : this.emptyPasses + 1;
    this.schedule(backoff ?? (published >= this.options.batchSize || this.again ? 0 : this.idleDelay()));
  }

  /** pollMs after work; then doubling with every empty pass, up to idleMaxMs. */
  private idleDelay(): number {
    const max = Math.max(this.options.pollMs, this.options.idleMaxMs ?? this.options.pollMs);
    return Math.min(max, this.options.pollMs * 2 ** Math.min(Math.max(this.emptyPasses - 1, 0), 20));
  }
}
