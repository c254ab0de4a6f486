import type { MigrationInterface, QueryRunner } from 'typeorm';

// GDAP re-checks end (decision 57): since when the approval has been pending, and when the automatic
// re-checks stopped (a re-check on demand starts them again).
export class GdapRecheckWindow1764000000401 implements MigrationInterface {
  name = 'GdapRecheckWindow1764000000401';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE customer_gdap ADD COLUMN pending_since DATETIME(3) NULL, ADD COLUMN rechecks_stopped_at DATETIME(3) NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE customer_gdap DROP COLUMN pending_since, DROP COLUMN rechecks_stopped_at');
  }
}
