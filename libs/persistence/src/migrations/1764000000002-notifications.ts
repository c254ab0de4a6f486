import type { MigrationInterface, QueryRunner } from 'typeorm';

// Notifications context tables (webhook endpoints, deliveries, attempts, the fan-out cursor).
// Persisted names: rename only with a migration.
export class Notifications1764000000002 implements MigrationInterface {
  name = 'Notifications1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    // Secrets are sealed (AES-256-GCM); the previous secret stays valid until its grace period ends.
    // Health columns drive the per-endpoint breaker and the "failing for 5 days" disable.
    await runner.query(`CREATE TABLE webhook_endpoints (
      id CHAR(36) NOT NULL PRIMARY KEY,
      partner_id CHAR(36) NOT NULL,
      url VARCHAR(2048) NOT NULL,
      event_types JSON NOT NULL,
      description VARCHAR(500) NULL,
      enabled TINYINT(1) NOT NULL DEFAULT 1,
      disabled_reason VARCHAR(64) NULL,
      secret_sealed TEXT NOT NULL,
      previous_secret_sealed TEXT NULL,
      previous_secret_expires_at DATETIME(3) NULL,
      consecutive_failures INT NOT NULL DEFAULT 0,
      failing_since DATETIME(3) NULL,
      breaker_open_until DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      deleted_at DATETIME(3) NULL,
      KEY idx_webhook_endpoints_partner (partner_id, created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // One row per (event, endpoint): the UNIQUE key makes a re-scan of order_events harmless.
    // `body` is the exact signed text (TEXT, not JSON: MySQL would normalise JSON and break signatures).
    await runner.query(`CREATE TABLE webhook_deliveries (
      id CHAR(36) NOT NULL PRIMARY KEY,
      endpoint_id CHAR(36) NOT NULL,
      partner_id CHAR(36) NOT NULL,
      event_id BIGINT NULL,
      order_id CHAR(36) NULL,
      message_id VARCHAR(100) NOT NULL,
      event_type VARCHAR(40) NOT NULL,
      body MEDIUMTEXT NOT NULL,
      status VARCHAR(16) NOT NULL,
      attempts INT NOT NULL DEFAULT 0,
      round_attempts INT NOT NULL DEFAULT 0,
      next_attempt_at DATETIME(3) NULL,
      lease_until DATETIME(3) NULL,
      last_status_code INT NULL,
      last_error VARCHAR(500) NULL,
      last_attempt_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      completed_at DATETIME(3) NULL,
      UNIQUE KEY uq_webhook_deliveries_event (event_id, endpoint_id),
      KEY idx_webhook_deliveries_endpoint (endpoint_id, created_at, id),
      KEY idx_webhook_deliveries_due (status, next_attempt_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE webhook_delivery_attempts (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      delivery_id CHAR(36) NOT NULL,
      attempt INT NOT NULL,
      started_at DATETIME(3) NOT NULL,
      duration_ms INT NOT NULL,
      status_code INT NULL,
      error VARCHAR(500) NULL,
      KEY idx_webhook_attempts_delivery (delivery_id, attempt)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // The fan-out watermark over order_events.id: every id at or below it has been handled.
    // Starts at the current end, so a new deployment does not replay history to new endpoints.
    await runner.query(`CREATE TABLE webhook_relay_cursors (
      name VARCHAR(64) NOT NULL PRIMARY KEY,
      last_id BIGINT NOT NULL,
      updated_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await runner.query(
      `INSERT INTO webhook_relay_cursors (name, last_id, updated_at) SELECT 'order_events', COALESCE(MAX(id), 0), UTC_TIMESTAMP(3) FROM order_events`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['webhook_relay_cursors', 'webhook_delivery_attempts', 'webhook_deliveries', 'webhook_endpoints'])
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
