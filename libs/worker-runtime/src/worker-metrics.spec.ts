import type { QueueRegistry } from '@nce/messaging';
import type { BreakerStateName } from '@nce/observability';
import { Registry } from 'prom-client';
import { createWorkerMetrics, jobMetricsObserver } from './worker-metrics';

// MySQL and Redis answer nothing here: the series under test come from the recorder and the breaker source.
const db = { query: async <T>(): Promise<T> => [] as unknown as T };
const queues = { all: () => [] } as unknown as QueueRegistry;

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((entry) => entry.startsWith(prefix));
}

describe('worker metrics', () => {
  it('reads the breaker states from the source at scrape time (the client is opened after the metrics)', async () => {
    const registry = new Registry();
    let states: Array<{ name: string; state: BreakerStateName }> = [];
    createWorkerMetrics(registry, { db, queues, breakers: () => states });
    states = [{ name: 'commerce', state: 'open' }];
    expect(line(await registry.metrics(), 'nce_breaker_state{dependency="commerce"}')).toBe('nce_breaker_state{dependency="commerce"} 2');
  });

  it('counts job outcomes per job name through the job observer', async () => {
    const registry = new Registry();
    const observer = jobMetricsObserver(createWorkerMetrics(registry, { db, queues, breakers: () => [] }));
    observer.completed?.('order.mca', 120, 5);
    observer.failed?.('order.mca', new Error('boom'), true);
    observer.delayed?.('order.mca', 'throttled', 1_000);
    const text = await registry.metrics();
    expect(line(text, 'nce_job_outcomes_total{job="order.mca",outcome="completed"}')).toMatch(/ 1$/);
    expect(line(text, 'nce_job_outcomes_total{job="order.mca",outcome="dead"}')).toMatch(/ 1$/);
    expect(line(text, 'nce_job_outcomes_total{job="order.mca",outcome="throttled"}')).toMatch(/ 1$/);
  });
});
