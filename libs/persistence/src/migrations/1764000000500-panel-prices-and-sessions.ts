import type { MigrationInterface, QueryRunner } from 'typeorm';

// Customer Control Panel (issue 15): Microsoft's price of each catalog plan (from the license-based
// price sheet) and the panel's sign-in links and cookie sessions.
// Persisted names: rename only with a migration.
export class PanelPricesAndSessions1764000000500 implements MigrationInterface {
  name = 'PanelPricesAndSessions1764000000500';

  async up(runner: QueryRunner): Promise<void> {
    // Per licence per billing period, in the market's currency; NULL when the sheet has no row.
    await runner.query(`ALTER TABLE catalog_plans
      ADD COLUMN ms_unit_price DECIMAL(14,4) NULL,
      ADD COLUMN ms_erp_price DECIMAL(14,4) NULL,
      ADD COLUMN currency CHAR(3) NULL`);
    // kind 'link': a single-use sign-in link (used_at set on first use); kind 'session': the cookie
    // session it started. Only SHA-256 hashes of the secrets are stored.
    await runner.query(`CREATE TABLE panel_sessions (
      id CHAR(36) NOT NULL PRIMARY KEY,
      kind VARCHAR(16) NOT NULL,
      secret_hash CHAR(64) NOT NULL,
      customer_id CHAR(36) NOT NULL,
      partner_id CHAR(36) NOT NULL,
      return_path VARCHAR(500) NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      ended_at DATETIME(3) NULL,
      UNIQUE KEY uq_panel_sessions_secret (secret_hash),
      KEY idx_panel_sessions_expiry (expires_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS panel_sessions');
    await runner.query('ALTER TABLE catalog_plans DROP COLUMN ms_unit_price, DROP COLUMN ms_erp_price, DROP COLUMN currency');
  }
}
