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
  /** How long a panel sign-in link (POST /v1/customers/{id}/panel-sessions) can be opened, once. */
  panelLinkTtlSeconds: number;
  /** How long the panel's cookie session lasts after the link is opened. */
  panelSessionTtlSeconds: number;
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
    outboxBatchSize: env.integer('OUTBOX_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    reconcileIntervalMs: env.integer('RECONCILE_INTERVAL_MS', 30_000, { min: 100 }),
    reconcileStaleMs: env.integer('RECONCILE_STALE_MS', 120_000, { min: 100 }),
    parkLimitMs: env.integer('PARK_LIMIT_MS', 14 * 24 * 3_600_000, { min: 1_000 }),
    timeScale: env.number('TIME_SCALE', 1, { min: 1 }),
    recheckBaseMs: env.integer('RECHECK_BASE_MS', 30_000, { min: 10 }),
    jobLockMs: env.integer('JOB_LOCK_MS', 30_000, { min: 500 }),
    recheckMaxMs: env.integer('RECHECK_MAX_MS', 3_600_000, { min: 10 }),
    provisioningPollMs: env.integer('PROVISIONING_POLL_MS', 2_000, { min: 10 }),
    metricsPort: env.integer('METRICS_PORT', 0, { min: 0, max: 65535 }),
    metricsHost: env.string('METRICS_HOST', '127.0.0.1'),
  };
}
