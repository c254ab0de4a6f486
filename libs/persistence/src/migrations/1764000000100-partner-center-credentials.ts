import type { MigrationInterface, QueryRunner } from 'typeorm';

// The partner's App+User refresh token (Secure Application Model), one row per partner tenant.
// Persisted names: rename only with a migration.
export class PartnerCenterCredentials1764000000100 implements MigrationInterface {
  name = 'PartnerCenterCredentials1764000000100';

  async up(runner: QueryRunner): Promise<void> {
    // The token is sealed (AES-256-GCM, the secret box). `version` grows with every write, so a
    // reconnect is recognised by every process; the failure columns are the authentication breaker.
    await runner.query(`CREATE TABLE partner_center_credentials (
      partner_tenant_id VARCHAR(64) NOT NULL PRIMARY KEY,
      refresh_token_sealed TEXT NULL,
      obtained_at DATETIME(3) NULL,
      source VARCHAR(16) NULL,
      version INT NOT NULL DEFAULT 0,
      failure_code VARCHAR(64) NULL,
      failure_description VARCHAR(1024) NULL,
      failure_at DATETIME(3) NULL,
      failure_version INT NULL,
      last_user_call_at DATETIME(3) NULL,
      updated_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE partner_center_credentials');
  }
}
