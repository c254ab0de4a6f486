import { type SqlExecutor, fromSqlTime, toSqlTime } from '@nce/persistence';
import type { TimelineReader } from '../application/order-timeline.query';

export type TimelineKind = 'job' | 'partner_center' | 'webhook' | 'operator';

export interface TimelineEntry {
  orderId: string;
  at: Date;
  kind: TimelineKind;
  data: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Buffers timeline entries and writes them in batches: recording must never slow or fail the call
 * it describes (Partner Center requests are recorded from the client's observer, off the hot path).
 */
export class SqlTimelineRecorder implements TimelineReader {
  private buffer: TimelineEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SqlExecutor,
    private readonly options: { flushMs: number; maxBuffer: number } = { flushMs: 200, maxBuffer: 10_000 },
  ) {}

  record(entry: TimelineEntry): void {
    if (!UUID.test(entry.orderId)) return;
    if (this.buffer.length >= this.options.maxBuffer) this.buffer.shift();
    this.buffer.push(entry);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer.splice(0, 1000);
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing
      .then(() =>
        this.db.query(
          `INSERT INTO order_timeline (order_id, at, kind, data) VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`,
          batch.flatMap((entry) => [entry.orderId, toSqlTime(entry.at), entry.kind, JSON.stringify(entry.data)]),
        ),
      )
      .then(() => undefined)
      .catch(() => undefined);
    await this.flushing;
    if (this.buffer.length > 0) await this.flush();
  }

  /** Oldest first; ties keep insertion order. */
  async entries(orderId: string, limit: number): Promise<Array<{ at: Date; kind: TimelineKind; data: Record<string, unknown> }>> {
    const rows = await this.db.query<Array<{ at: Date | string; kind: TimelineKind; data: unknown }>>(
      'SELECT at, kind, data FROM order_timeline WHERE order_id = ? ORDER BY at, id LIMIT ?',
      [orderId, limit],
    );
    return rows.map((row) => ({
      at: fromSqlTime(row.at),
      kind: row.kind,
      data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    }));
  }
}
