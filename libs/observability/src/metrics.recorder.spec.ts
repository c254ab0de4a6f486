import { Registry } from 'prom-client';
import { MetricsRecorder } from './metrics.recorder';

async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  // Histogram samples (`_count`, `_sum`, `_bucket`) live under the histogram's own name.
  const samples = (await registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((entry) => ({ ...entry, name: (entry as { metricName?: string }).metricName ?? metric.name })),
  );
  const sample = samples.find(
    (entry) => entry.name === name && Object.entries(labels).every(([key, expected]) => String(entry.labels[key]) === expected),
  );
  return sample?.value;
}

describe('MetricsRecorder', () => {
  it('counts Partner Center calls by route and status, and 429s as throttling waits', async () => {
    const registry = new Registry();
    const recorder = new MetricsRecorder(registry);
    recorder.partnerCenterCall({ dependency: 'commerce', route: 'POST /v1/customers/{id}/carts', status: 201, durationMs: 12 });
    recorder.partnerCenterCall({ dependency: 'commerce', route: 'POST /v1/customers/{id}/carts', status: 429, durationMs: 3 });
    recorder.partnerCenterCall({
      dependency: 'commerce',
      route: 'POST /v1/customers/{id}/carts/{cartId}/checkout',
      status: null,
      durationMs: 1500,
      errorCode: 'TIMEOUT',
    });
    expect(await value(registry, 'nce_partner_center_calls_total', { route: 'POST /v1/customers/{id}/carts', status: '201' })).toBe(1);
    expect(await value(registry, 'nce_partner_center_calls_total', { status: 'none' })).toBe(1);
    expect(await value(registry, 'nce_throttle_waits_total', { reason: 'partner_center_429' })).toBe(1);
  });

  it('maps breaker states to 0 closed, 1 half-open, 2 open', async () => {
    const registry = new Registry();
    const recorder = new MetricsRecorder(registry);
    recorder.breakerChanged('commerce', 'open');
    recorder.breakerChanged('catalog', 'half_open');
    recorder.breakerChanged('graph', 'closed');
    expect(await value(registry, 'nce_breaker_state', { dependency: 'commerce' })).toBe(2);
    expect(await value(registry, 'nce_breaker_state', { dependency: 'catalog' })).toBe(1);
    expect(await value(registry, 'nce_breaker_state', { dependency: 'graph' })).toBe(0);
  });

  it('samples gauges at scrape time, at most once per interval, keeping values when a source fails', async () => {
    let now = 0;
    let reads = 0;
    let failing = false;
    const registry = new Registry();
    new MetricsRecorder(
      registry,
      {
        ordersByStatus: async () => {
          reads += 1;
          if (failing) throw new Error('mysql down');
          return { completed: reads };
        },
        outbox: async () => ({ pending: 3, oldestAgeSeconds: 1.5 }),
        queueCounts: async () => [{ queue: 'subscription', counts: { waiting: 2 } }],
      },
      () => now,
    );
    await registry.metrics();
    expect(await value(registry, 'nce_orders', { status: 'completed' })).toBe(1);
    expect(reads).toBe(1);
    expect(await value(registry, 'nce_outbox_lag_seconds')).toBe(1.5);
    expect(await value(registry, 'nce_queue_depth', { queue: 'subscription', state: 'waiting' })).toBe(2);
    expect(await value(registry, 'nce_queue_depth', { queue: 'subscription', state: 'failed' })).toBe(0);
    now = 5_000;
    failing = true;
    await registry.metrics();
    expect(reads).toBe(2);
    expect(await value(registry, 'nce_orders', { status: 'completed' })).toBe(1);
  });

  it('records job outcomes, exhausted jobs as dead', async () => {
    const registry = new Registry();
    const recorder = new MetricsRecorder(registry);
    recorder.jobCompleted('order.account', 250);
    recorder.jobFailed('order.account', false);
    recorder.jobFailed('order.account', true);
    recorder.jobDelayed('order.account', 'throttled');
    expect(await value(registry, 'nce_job_outcomes_total', { job: 'order.account', outcome: 'dead' })).toBe(1);
    expect(await value(registry, 'nce_job_duration_seconds_count', { job: 'order.account' })).toBe(1);
    expect(await value(registry, 'nce_throttle_waits_total', { reason: 'job_delayed' })).toBe(1);
  });
});
