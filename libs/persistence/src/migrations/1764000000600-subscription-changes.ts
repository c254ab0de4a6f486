import type { MigrationInterface, QueryRunner } from 'typeorm';

// Subscription changes (issue 17): our copy of each subscription's Partner Center state, the changes
// applied to it, their events (per-change sequence, like order_events) and the webhook fan-out cursor
// over those events. Persisted names: rename only with a migration.
export class SubscriptionChanges1764000000600 implements MigrationInterface {
  name = 'SubscriptionChanges1764000000600';

  async up(runner: QueryRunner): Promise<void> {
    // What Partner Center last told us (refreshed after each change, by the periodic sync and on
    // demand). `refundable` holds the open refund windows [{ quantity, allowedUntil }].
    await runner.query(`CREATE TABLE subscriptions (
      subscription_id VARCHAR(64) NOT NULL PRIMARY KEY,
      customer_id CHAR(36) NOT NULL,
      partner_id CHAR(36) NOT NULL,
      customer_tenant_id VARCHAR(64) NOT NULL,
      order_id CHAR(36) NULL,
      catalog_item_id VARCHAR(100) NOT NULL,
      quantity INT NOT NULL,
      status VARCHAR(20) NOT NULL,
      auto_renew TINYINT(1) NOT NULL,
      term_duration VARCHAR(8) NULL,
      billing_cycle VARCHAR(16) NULL,
      commitment_end_date VARCHAR(32) NULL,
      cancellable_until DATETIME(3) NULL,
      refundable JSON NOT NULL,
      etag VARCHAR(200) NULL,
      synced_at DATETIME(3) NOT NULL,
      KEY idx_subscriptions_customer (customer_id),
      KEY idx_subscriptions_synced (synced_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // One change in flight per subscription, enforced by the database: `in_flight` is the subscription
    // id while the change is accepted or in progress and NULL afterwards, under a UNIQUE key.
    await runner.query(`CREATE TABLE subscription_changes (
      id CHAR(36) NOT NULL PRIMARY KEY,
      subscription_id VARCHAR(64) NOT NULL,
      customer_id CHAR(36) NOT NULL,
      partner_id CHAR(36) NOT NULL,
      customer_tenant_id VARCHAR(64) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      requested JSON NOT NULL,
      previous JSON NOT NULL,
      request_id CHAR(36) NULL,
      request_recorded_at DATETIME(3) NULL,
      run INT NOT NULL DEFAULT 1,
      delay_info JSON NULL,
      failure JSON NULL,
      last_event_sequence INT NOT NULL DEFAULT 0,
      version INT NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      in_flight VARCHAR(64) GENERATED ALWAYS AS (CASE WHEN status IN ('accepted', 'in_progress') THEN subscription_id ELSE NULL END) STORED,
      UNIQUE KEY uq_subscription_changes_in_flight (in_flight),
      KEY idx_subscription_changes_subscription (subscription_id, created_at),
      KEY idx_subscription_changes_status (status, updated_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    await runner.query(`CREATE TABLE subscription_change_events (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      change_id CHAR(36) NOT NULL,
      sequence INT NOT NULL,
      type VARCHAR(40) NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      data JSON NOT NULL,
      UNIQUE KEY uq_subscription_change_events_sequence (change_id, sequence)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // Webhook deliveries name their event's table: ids of order_events and subscription_change_events overlap.
    await runner.query(`ALTER TABLE webhook_deliveries
      ADD COLUMN event_source VARCHAR(24) NOT NULL DEFAULT 'order',
      DROP INDEX uq_webhook_deliveries_event,
      ADD UNIQUE KEY uq_webhook_deliveries_event (event_source, event_id, endpoint_id)`);
    await runner.query(
      `INSERT INTO webhook_relay_cursors (name, last_id, updated_at) VALUES ('subscription_change_events', 0, UTC_TIMESTAMP(3))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DELETE FROM webhook_relay_cursors WHERE name = 'subscription_change_events'");
    await runner.query("DELETE FROM webhook_deliveries WHERE event_source <> 'order'");
    await runner.query(
      `ALTER TABLE webhook_deliveries DROP INDEX uq_webhook_deliveries_event, ADD UNIQUE KEY uq_webhook_deliveries_event (event_id, endpoint_id), DROP COLUMN event_source`,
    );
    for (const table of ['subscription_change_events', 'subscription_changes', 'subscriptions'])
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
