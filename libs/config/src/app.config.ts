import type { EnvReader } from './env-reader';
import type { Secret } from './secret';

export interface ApiConfig {
  host: string;
  port: number;
  /** Public base URL used in links (self, events). */
  publicUrl: string;
  bodyLimitBytes: number;
  /** API processes on this host (node:cluster sharing one port); each is a full API instance. */
  processes: number;
  /** How long idempotency keys are kept (hours, at least 24). */
  idempotencyRetentionHours: number;
  /** An in-progress idempotency record older than this is considered abandoned (crash) and retaken. */
  idempotencyLockSeconds: number;
  /** Time to receive a whole request (headers and body); a slower client gets 408 and its socket closes. */
  requestTimeoutMs: number;
  /** How long a rotated API key keeps working (POST /v1/api-keys/{id}/rotate without `graceSeconds`). */
  apiKeyRotationGraceSeconds: number;
  rateLimits: RateLimitConfig;
  /** How long a panel sign-in link (POST /v1/customers/{id}/panel-sessions) can be opened, once. */
  panelLinkTtlSeconds: number;
  /** How long the panel's cookie session lasts after the link is opened. */
  panelSessionTtlSeconds: number;
}

/** Requests per window, per API key (by role) or per client address (unauthenticated); shared through Redis. */
export interface RateLimitConfig {
  enabled: boolean;
  windowSeconds: number;
  partner: number;
  customer: number;
  operator: number;
  anonymous: number;
  /** Calls that fan out to Partner Center (lookup, resume, webhook test and redeliver): per key per minute. */
  fanOutPerMinute: number;
  /** Once the fan-out limit is exceeded, the key waits this long (cool-down). */
  fanOutCooldownSeconds: number;
}

export interface SecurityConfig {
  /** 32-byte key (base64 or hex) for secrets at rest: tenant admin passwords, webhook secrets. */
  encryptionKey: Secret;
  /** Webhook URL patterns allowed despite private/loopback addresses (tests, local dev). */
  webhookAllowList: string[];
}

export interface LogConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  pretty: boolean;
}

export interface ProcessingConfig {
  /** Worker concurrency per queue in one process. */
  concurrency: number;
  /** Outbox relay poll interval when idle (ms). */
  outboxPollMs: number;
  /** The slowest outbox poll of an idle process (every commit kicks its relay; the poll is the safety net). */
  outboxIdleMaxMs: number;
  outboxBatchSize: number;
  /** Reconciler period (ms): re-drives orders whose step has no live job. */
  reconcileIntervalMs: number;
  /** An order untouched this long in a non-terminal, non-parked state is re-driven. */
  reconcileStaleMs: number;
  /** A park (action required, delayed) older than this fails the order. */
  parkLimitMs: number;
  /** Divides every webhook retry delay and back-off (tests use large values). */
  timeScale: number;
  /** First re-check of a parked order (relationship, MCA acceptance, vetting, review); doubles up to the max. */
  recheckBaseMs: number;
  recheckMaxMs: number;
  /** A GDAP approval pending this many days is no longer re-checked automatically (on demand only). */
  gdapRecheckDays: number;
  /** Polling while Microsoft provisions (subscriptions pending). */
  provisioningPollMs: number;
  /** BullMQ job lock: a worker that dies mid-job loses its jobs to another after this long. */
  jobLockMs: number;
  /** Port for /health and /metrics of headless workers (0 = ephemeral). */
  metricsPort: number;
  metricsHost: string;
}

export interface CatalogConfig {
  /** Country whose NCE catalog is synced (ISO 3166-1 alpha-2). */
  country: string;
  segments: Array<'commercial' | 'education'>;
}

export function readCatalogConfig(env: EnvReader): CatalogConfig {
  const country = env.string('CATALOG_COUNTRY', 'US');
  if (!/^[A-Z]{2}$/.test(country)) env.problems.push('CATALOG_COUNTRY: expected an ISO 3166-1 alpha-2 code such as US');
  const segments = env.list('CATALOG_SEGMENTS');
  for (const segment of segments) {
    if (segment !== 'commercial' && segment !== 'education') env.problems.push(`CATALOG_SEGMENTS: unknown segment "${segment}"`);
  }
  return { country, segments: segments.length > 0 ? (segments as Array<'commercial' | 'education'>) : ['commercial', 'education'] };
}

export function readApiConfig(env: EnvReader): ApiConfig {
  const port = env.integer('API_PORT', 3000, { min: 0, max: 65535 });
  return {
    host: env.string('API_HOST', '127.0.0.1'),
    port,
    publicUrl: env.string('API_PUBLIC_URL', `http://127.0.0.1:${port}`),
    bodyLimitBytes: env.integer('API_BODY_LIMIT_BYTES', 1_048_576, { min: 1024 }),
    processes: env.integer('API_PROCESSES', 1, { min: 1, max: 64 }),
    idempotencyRetentionHours: env.integer('IDEMPOTENCY_RETENTION_HOURS', 48, { min: 24 }),
    idempotencyLockSeconds: env.integer('IDEMPOTENCY_LOCK_SECONDS', 60, { min: 1 }),
    requestTimeoutMs: env.integer('API_REQUEST_TIMEOUT_MS', 30_000, { min: 500, max: 600_000 }),
    apiKeyRotationGraceSeconds: env.integer('API_KEY_ROTATION_GRACE_SECONDS', 86_400, { min: 0, max: 30 * 86_400 }),
    rateLimits: {
      enabled: env.boolean('RATE_LIMIT_ENABLED', true),
      windowSeconds: env.integer('RATE_LIMIT_WINDOW_SECONDS', 1, { min: 1, max: 3_600 }),
      // Defaults leave room for the panel and for `npm run bench:intake` (one partner key, thousands of orders/s).
      partner: env.integer('RATE_LIMIT_PARTNER', 5_000, { min: 1 }),
      customer: env.integer('RATE_LIMIT_CUSTOMER', 100, { min: 1 }),
      operator: env.integer('RATE_LIMIT_OPERATOR', 1_000, { min: 1 }),
      anonymous: env.integer('RATE_LIMIT_ANONYMOUS', 50, { min: 1 }),
      fanOutPerMinute: env.integer('RATE_LIMIT_FANOUT_PER_MINUTE', 60, { min: 1 }),
      fanOutCooldownSeconds: env.integer('RATE_LIMIT_FANOUT_COOLDOWN_SECONDS', 60, { min: 0, max: 3_600 }),
    },
    panelLinkTtlSeconds: env.integer('PANEL_LINK_TTL_SECONDS', 300, { min: 1, max: 3600 }),
    panelSessionTtlSeconds: env.integer('PANEL_SESSION_TTL_SECONDS', 8 * 3600, { min: 60, max: 7 * 24 * 3600 }),
  };
}

export function readSecurityConfig(env: EnvReader): SecurityConfig {
  const encryptionKey = env.secret('ENCRYPTION_KEY');
  const raw = encryptionKey.reveal();
  if (raw !== '') {
    const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (bytes.length !== 32) env.problems.push('ENCRYPTION_KEY: must be 32 bytes, as 64 hex characters or base64');
  }
  return { encryptionKey, webhookAllowList: env.list('WEBHOOK_ALLOW_LIST') };
}

export function readLogConfig(env: EnvReader): LogConfig {
  return {
    level: env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    pretty: env.boolean('LOG_PRETTY', false),
  };
}

export function readProcessingConfig(env: EnvReader): ProcessingConfig {
  return {
    concurrency: env.integer('WORKER_CONCURRENCY', 50, { min: 1, max: 1000 }),
    outboxPollMs: env.integer('OUTBOX_POLL_MS', 200, { min: 5 }),
    outboxIdleMaxMs: env.integer('OUTBOX_IDLE_MAX_MS', 2_000, { min: 5 }),
    outboxBatchSize: env.integer('OUTBOX_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    reconcileIntervalMs: env.integer('RECONCILE_INTERVAL_MS', 30_000, { min: 100 }),
    reconcileStaleMs: env.integer('RECONCILE_STALE_MS', 120_000, { min: 100 }),
    parkLimitMs: env.integer('PARK_LIMIT_MS', 14 * 24 * 3_600_000, { min: 1_000 }),
    timeScale: env.number('TIME_SCALE', 1, { min: 1 }),
    recheckBaseMs: env.integer('RECHECK_BASE_MS', 30_000, { min: 10 }),
    jobLockMs: env.integer('JOB_LOCK_MS', 30_000, { min: 500 }),
    recheckMaxMs: env.integer('RECHECK_MAX_MS', 3_600_000, { min: 10 }),
    gdapRecheckDays: env.number('GDAP_RECHECK_DAYS', 14, { min: 0.0001 }),
    provisioningPollMs: env.integer('PROVISIONING_POLL_MS', 2_000, { min: 10 }),
    metricsPort: env.integer('METRICS_PORT', 0, { min: 0, max: 65535 }),
    metricsHost: env.string('METRICS_HOST', '127.0.0.1'),
  };
}
