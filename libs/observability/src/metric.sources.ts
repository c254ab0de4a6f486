import { QUEUE_STATES, type QueueState } from './metrics';
import type { MetricSources } from './metrics.recorder';

/** Structural: a SqlExecutor (persistence depends on nothing here, and neither do we on it). */
export interface MetricsSqlExecutor {
  query<T = unknown>(sql: string, parameters?: readonly unknown[]): Promise<T>;
}

/** Structural: a BullMQ Queue. */
export interface MetricsQueue {
  name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/** Cheap aggregate reads: one GROUP BY per table, indexed or tiny (the outbox is drained continuously). */
export function sqlMetricSources(db: MetricsSqlExecutor): Pick<MetricSources, 'ordersByStatus' | 'outbox' | 'webhookDeliveries'> {
  return {
    ordersByStatus: async () => {
      const rows = await db.query<Array<{ status: string; count: number | string }>>(
        'SELECT status, COUNT(*) AS count FROM orders GROUP BY status',
      );
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    },
    outbox: async () => {
      const rows = await db.query<Array<{ pending: number | string; age: number | string | null }>>(
        'SELECT COUNT(*) AS pending, TIMESTAMPDIFF(MICROSECOND, MIN(created_at), UTC_TIMESTAMP(3)) / 1000000 AS age FROM outbox',
      );
      const row = rows[0];
      return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
    },
    webhookDeliveries: async () => {
      const rows = await db.query<Array<{ status: string; count: number | string }>>(
        'SELECT status, COUNT(*) AS count FROM webhook_deliveries GROUP BY status',
      );
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    },
  };
}

export function queueMetricSource(queues: () => MetricsQueue[]): NonNullable<MetricSources['queueCounts']> {
  return () =>
    Promise.all(
      queues().map(async (queue) => {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        return { queue: queue.name, counts: counts as Partial<Record<QueueState, number>> };
      }),
    );
}
