import type { MigrationInterface, QueryRunner } from 'typeorm';

// Provisioning workers' tables. Persisted names: rename only with a migration.
export class Provisioning1764000000001 implements MigrationInterface {
  name = 'Provisioning1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    // The initial admin of a tenant we created: Microsoft returns the password once; kept encrypted.
    await runner.query(`CREATE TABLE tenant_admin_credentials (
      order_id CHAR(36) NOT NULL PRIMARY KEY,
      customer_id CHAR(36) NOT NULL,
      tenant_id VARCHAR(64) NOT NULL,
      user_name VARCHAR(300) NOT NULL,
      password_encrypted TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY idx_admin_credentials_customer (customer_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // Last GDAP check per customer (the "Approved Partner Roles" button reads it).
    await runner.query(`CREATE TABLE customer_gdap (
      customer_id CHAR(36) NOT NULL PRIMARY KEY,
      status VARCHAR(20) NOT NULL,
      missing_roles JSON NOT NULL,
      approval_url VARCHAR(500) NULL,
      relationship_id VARCHAR(100) NULL,
      checked_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);

    // What happened to an order besides its state transitions (job attempts, Partner Center calls,
    // webhook deliveries, operator actions): the operator timeline reads it with order_events.
    await runner.query(`CREATE TABLE order_timeline (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      order_id CHAR(36) NOT NULL,
      at DATETIME(3) NOT NULL,
      kind VARCHAR(20) NOT NULL,
      data JSON NOT NULL,
      KEY idx_order_timeline_order (order_id, at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['order_timeline', 'customer_gdap', 'tenant_admin_credentials'])
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
