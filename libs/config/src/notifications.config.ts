import type { EnvReader } from './env-reader';

export interface NotificationsConfig {
  /** SSE comment line interval: keeps proxies and browsers from closing an idle stream. */
  sseHeartbeatMs: number;
  /** Safety sweep of open SSE streams against MySQL (covers wake-ups lost in Redis pub/sub). */
  sseSweepMs: number;
  /** Open event streams per partner or operator key in one API process; one more is refused with 429. */
  sseMaxStreamsPerKey: number;
  /** The same for a customer key (a panel needs one or two). */
  sseMaxStreamsPerCustomerKey: number;
  /** A stream ends after this long; the client reconnects with Last-Event-ID (no gap, no repeat). */
  sseMaxLifetimeMs: number;
  /** Per-attempt timeout of a webhook request (DESIGN.md section 6: 15 s). */
  webhookTimeoutMs: number;
  /** Webhook jobs run at once in one worker process. */
  webhookConcurrency: number;
  /** Requests in flight to one endpoint from one process: a slow partner never takes every slot. */
  webhookEndpointConcurrency: number;
  /** How long the previous secret keeps signing after a rotation. */
  webhookSecretGraceMs: number;
  /** Consecutive failed attempts that open an endpoint's breaker. */
  webhookBreakerThreshold: number;
  /** Open-breaker wait before a half-open probe (divided by TIME_SCALE). */
  webhookBreakerCooldownMs: number;
  /** An endpoint failing without a success this long is disabled (divided by TIME_SCALE). */
  webhookDisableAfterMs: number;
  /** Idle poll of order_events for new events (the Redis wake-up usually comes first). */
  webhookFanoutPollMs: number;
  /** The slowest fan-out poll while idle (Redis wake-ups start a pass at once; the poll is the fallback). */
  webhookFanoutIdleMaxMs: number;
  webhookFanoutBatchSize: number;
  /** How long an id gap in order_events may be an in-flight transaction before it is probed. */
  webhookFanoutGapGraceMs: number;
  /** Period of the sweep that re-enqueues overdue deliveries whose job Redis lost. */
  webhookReconcileIntervalMs: number;
  webhookMaxEndpointsPerPartner: number;
}

export function readNotificationsConfig(env: EnvReader): NotificationsConfig {
  return {
    sseHeartbeatMs: env.integer('SSE_HEARTBEAT_MS', 15_000, { min: 100 }),
    sseSweepMs: env.integer('SSE_SWEEP_MS', 5_000, { min: 100 }),
    // A partner backend may follow every order in flight (`npm run bench:events` opens 1,000 streams on one key).
    sseMaxStreamsPerKey: env.integer('SSE_MAX_STREAMS_PER_KEY', 2_000, { min: 1, max: 100_000 }),
    sseMaxStreamsPerCustomerKey: env.integer('SSE_MAX_STREAMS_PER_CUSTOMER_KEY', 20, { min: 1, max: 100_000 }),
    sseMaxLifetimeMs: env.integer('SSE_MAX_LIFETIME_MS', 3_600_000, { min: 1_000 }),
    webhookTimeoutMs: env.integer('WEBHOOK_TIMEOUT_MS', 15_000, { min: 100, max: 60_000 }),
    webhookConcurrency: env.integer('WEBHOOK_CONCURRENCY', 200, { min: 1, max: 2_000 }),
    webhookEndpointConcurrency: env.integer('WEBHOOK_ENDPOINT_CONCURRENCY', 8, { min: 1, max: 100 }),
    webhookSecretGraceMs: env.integer('WEBHOOK_SECRET_GRACE_SECONDS', 24 * 3_600, { min: 0 }) * 1_000,
    webhookBreakerThreshold: env.integer('WEBHOOK_BREAKER_THRESHOLD', 20, { min: 1 }),
    webhookBreakerCooldownMs: env.integer('WEBHOOK_BREAKER_COOLDOWN_MS', 300_000, { min: 10 }),
    webhookDisableAfterMs: env.integer('WEBHOOK_DISABLE_AFTER_MS', 5 * 24 * 3_600_000, { min: 1_000 }),
    webhookFanoutPollMs: env.integer('WEBHOOK_FANOUT_POLL_MS', 250, { min: 5 }),
    webhookFanoutIdleMaxMs: env.integer('WEBHOOK_FANOUT_IDLE_MAX_MS', 5_000, { min: 5 }),
    webhookFanoutBatchSize: env.integer('WEBHOOK_FANOUT_BATCH_SIZE', 500, { min: 1, max: 5_000 }),
    webhookFanoutGapGraceMs: env.integer('WEBHOOK_FANOUT_GAP_GRACE_MS', 5_000, { min: 100 }),
    webhookReconcileIntervalMs: env.integer('WEBHOOK_RECONCILE_INTERVAL_MS', 30_000, { min: 100 }),
    webhookMaxEndpointsPerPartner: env.integer('WEBHOOK_MAX_ENDPOINTS_PER_PARTNER', 20, { min: 1 }),
  };
}
