import type { MigrationInterface, QueryRunner } from 'typeorm';

// API key lifecycle (issue 14): who issued a key, when it was last used, when it expires (rotation
// grace, optional expiry), its scopes; and Idempotency-Key values compared byte for byte.
export class ApiKeyLifecycle1764000000300 implements MigrationInterface {
  name = 'ApiKeyLifecycle1764000000300';

  async up(runner: QueryRunner): Promise<void> {
    // created_by: the issuing key's id, or `ops-cli` for keys issued from the command line.
    await runner.query(`ALTER TABLE api_keys
      ADD COLUMN created_by VARCHAR(64) NOT NULL DEFAULT 'ops-cli',
      ADD COLUMN last_used_at DATETIME(3) NULL,
      ADD COLUMN expires_at DATETIME(3) NULL,
      ADD COLUMN scopes VARCHAR(200) NOT NULL DEFAULT '',
      ADD COLUMN rotated_to CHAR(36) NULL,
      ADD KEY idx_api_keys_partner (partner_id, created_at)`);
    // The column was case-insensitive (utf8mb4 default collation): `Abc` and `abc` replayed one order.
    // Keys are printable ASCII (checked at the edge), so ascii_bin compares them byte for byte.
    await runner.query('ALTER TABLE idempotency_keys MODIFY idempotency_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE idempotency_keys MODIFY idempotency_key VARCHAR(255) NOT NULL');
    await runner.query(
      'ALTER TABLE api_keys DROP KEY idx_api_keys_partner, DROP COLUMN rotated_to, DROP COLUMN scopes, DROP COLUMN expires_at, DROP COLUMN last_used_at, DROP COLUMN created_by',
    );
  }
}
