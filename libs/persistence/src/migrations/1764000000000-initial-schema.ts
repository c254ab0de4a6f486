import type { MigrationInterface, QueryRunner } from 'typeorm';

// Persisted names: tables and columns here are read by every process; rename only with a migration.
// DATETIME(3) columns hold UTC (the pool sets time_zone '+00:00').
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE partners (
      id CHAR(36) NOT NULL PRIMARY KEY,
      name VARCHAR(200) NOT NULL,
      channel ENUM('direct','indirect') NOT NULL,
      mpn_id VARCHAR(32) NULL,
      reseller_tenant_id VARCHAR(64) NULL,
      settings JSON NOT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE customers (
      id CHAR(36) NOT NULL PRIMARY KEY,
      partner_id CHAR(36) NOT NULL,
      name VARCHAR(200) NOT NULL,
      tenant_id VARCHAR(64) NULL,
      tenant_domain VARCHAR(255) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      KEY idx_customers_partner (partner_id, created_at),
      KEY idx_customers_tenant (tenant_id),
      CONSTRAINT fk_customers_partner FOREIGN KEY (partner_id) REFERENCES partners (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE api_keys (
      id CHAR(36) NOT NULL PRIMARY KEY,
      key_hash CHAR(64) NOT NULL,
      key_prefix VARCHAR(16) NOT NULL,
      role ENUM('partner','customer','operator') NOT NULL,
      partner_id CHAR(36) NULL,
      customer_id CHAR(36) NULL,
      label VARCHAR(200) NULL,
      created_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      UNIQUE KEY uq_api_keys_hash (key_hash)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE catalog_plans (
      catalog_item_id VARCHAR(100) NOT NULL,
      term_duration VARCHAR(8) NOT NULL,
      billing_cycle VARCHAR(16) NOT NULL,
      product_id VARCHAR(32) NOT NULL,
      sku_id VARCHAR(32) NOT NULL,
      title VARCHAR(300) NOT NULL,
      segment ENUM('commercial','education') NOT NULL,
      min_quantity INT NOT NULL,
      max_quantity INT NOT NULL,
      requires_offer_attestation TINYINT(1) NOT NULL,
      synced_at DATETIME(3) NOT NULL,
      PRIMARY KEY (catalog_item_id, term_duration, billing_cycle)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE orders (
      id CHAR(36) NOT NULL PRIMARY KEY,
      customer_id CHAR(36) NOT NULL,
      partner_id CHAR(36) NOT NULL,
      status VARCHAR(20) NOT NULL,
      step VARCHAR(20) NULL,
      run INT NOT NULL DEFAULT 1,
      items JSON NOT NULL,
      account JSON NOT NULL,
      account_domain VARCHAR(255) NULL,
      request JSON NOT NULL,
      required_action JSON NULL,
      delay JSON NULL,
      failure JSON NULL,
      failure_code VARCHAR(64) NULL,
      progress JSON NOT NULL,
      checkout_intent JSON NULL,
      portal_url VARCHAR(500) NULL,
      parked_at DATETIME(3) NULL,
      last_event_sequence INT NOT NULL DEFAULT 0,
      version INT NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      KEY idx_orders_customer (customer_id, created_at, id),
      KEY idx_orders_partner (partner_id, created_at, id),
      KEY idx_orders_status (status, updated_at),
      KEY idx_orders_domain (account_domain),
      KEY idx_orders_failure (failure_code)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE order_subscriptions (
      order_id CHAR(36) NOT NULL,
      subscription_id VARCHAR(64) NOT NULL,
      catalog_item_id VARCHAR(100) NOT NULL,
      status VARCHAR(20) NOT NULL,
      quantity INT NOT NULL,
      term_duration VARCHAR(8) NOT NULL,
      billing_cycle VARCHAR(16) NOT NULL,
      commitment_end_date VARCHAR(32) NULL,
      partner_center_order_id VARCHAR(64) NULL,
      PRIMARY KEY (order_id, subscription_id),
      KEY idx_order_subscriptions_subscription (subscription_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // Per-order monotonic sequence (the SSE id); `id` orders all events globally for relays.
    await runner.query(`CREATE TABLE order_events (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      order_id CHAR(36) NOT NULL,
      sequence INT NOT NULL,
      type VARCHAR(40) NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      data JSON NOT NULL,
      UNIQUE KEY uq_order_events_sequence (order_id, sequence)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // Transactional outbox: written with the state change, published to BullMQ by the relay.
    await runner.query(`CREATE TABLE outbox (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      queue VARCHAR(64) NOT NULL,
      job_name VARCHAR(64) NOT NULL,
      job_id VARCHAR(200) NOT NULL,
      payload JSON NOT NULL,
      delay_ms INT NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE idempotency_keys (
      api_key_id CHAR(36) NOT NULL,
      idempotency_key VARCHAR(255) NOT NULL,
      request_hash CHAR(64) NOT NULL,
      state ENUM('in_progress','completed') NOT NULL,
      response_status INT NULL,
      response_body MEDIUMTEXT NULL,
      locked_at DATETIME(3) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (api_key_id, idempotency_key),
      KEY idx_idempotency_created (created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE audit_log (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      at DATETIME(3) NOT NULL,
      actor_key_id CHAR(36) NULL,
      actor_role VARCHAR(20) NOT NULL,
      action VARCHAR(64) NOT NULL,
      target_type VARCHAR(32) NOT NULL,
      target_id VARCHAR(100) NOT NULL,
      details JSON NOT NULL,
      KEY idx_audit_target (target_type, target_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'idempotency_keys',
      'outbox',
      'order_events',
      'order_subscriptions',
      'orders',
      'catalog_plans',
      'api_keys',
      'customers',
      'partners',
    ]) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
