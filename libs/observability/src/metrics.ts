import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Metric names are part of the operations contract (dashboards, alerts): never rename casually.
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** 0 closed, 1 half-open, 2 open: a single gauge alerts on `> 0`. */
export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerStateName = keyof typeof BREAKER_STATE_VALUE;

const SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface NceMetrics {
  queueDepth: Gauge<'queue' | 'state'>;
  jobDuration: Histogram<'job'>;
  jobOutcomes: Counter<'job' | 'outcome'>;
  stepDuration: Histogram<'step'>;
  orders: Gauge<'status'>;
  partnerCenterCalls: Counter<'dependency' | 'route' | 'status'>;
  partnerCenterCallDuration: Histogram<'dependency' | 'route'>;
  breakerState: Gauge<'dependency'>;
  throttleWaits: Counter<'reason'>;
  webhookDeliveries: Gauge<'outcome'>;
  outboxLag: Gauge;
  outboxPending: Gauge;
}

/**
 * Registers every nce_* series on the process's registry (one registry per process). `refresh` runs
 * before a sampled gauge (queue depth, orders, breakers, webhooks, outbox) is read by a scrape.
 */
export function registerNceMetrics(registry: Registry, refresh?: () => Promise<void>): NceMetrics {
  const registers = [registry];
  const collect = refresh ? async (): Promise<void> => refresh() : undefined;
  return {
    queueDepth: new Gauge({
      name: 'nce_queue_depth',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers,
      collect,
    }),
    jobDuration: new Histogram({
      name: 'nce_job_duration_seconds',
      help: 'Job processing time by job name',
      labelNames: ['job'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    jobOutcomes: new Counter({
      name: 'nce_job_outcomes_total',
      help: 'Job outcomes: completed, failed (will retry), dead (exhausted), delayed (throttled, upstream_unavailable, rerun)',
      labelNames: ['job', 'outcome'],
      registers,
    }),
    stepDuration: new Histogram({
      name: 'nce_step_duration_seconds',
      help: 'Order step run time (one job attempt of the step)',
      labelNames: ['step'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    orders: new Gauge({ name: 'nce_orders', help: 'Orders by status (sampled from MySQL)', labelNames: ['status'], registers, collect }),
    partnerCenterCalls: new Counter({
      name: 'nce_partner_center_calls_total',
      help: 'Partner Center / Graph calls by dependency, route template and HTTP status (none: no response)',
      labelNames: ['dependency', 'route', 'status'],
      registers,
    }),
    partnerCenterCallDuration: new Histogram({
      name: 'nce_partner_center_call_duration_seconds',
      help: 'Partner Center / Graph call duration',
      labelNames: ['dependency', 'route'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    breakerState: new Gauge({
      name: 'nce_breaker_state',
      help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open',
      labelNames: ['dependency'],
      registers,
      collect,
    }),
    throttleWaits: new Counter({
      name: 'nce_throttle_waits_total',
      help: 'Waits imposed by throttling: 429 from Partner Center or a local request budget',
      labelNames: ['reason'],
      registers,
    }),
    webhookDeliveries: new Gauge({
      name: 'nce_webhook_deliveries_total',
      help: 'Webhook deliveries by outcome (sampled from MySQL: pending, succeeded, failed)',
      labelNames: ['outcome'],
      registers,
      collect,
    }),
    outboxLag: new Gauge({
      name: 'nce_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when empty)',
      registers,
      collect,
    }),
    outboxPending: new Gauge({ name: 'nce_outbox_pending', help: 'Unpublished outbox rows', registers, collect }),
  };
}
