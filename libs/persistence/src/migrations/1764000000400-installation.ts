import type { MigrationInterface, QueryRunner } from 'typeorm';

// One row naming this database for good: Redis queue prefixes are claimed with it, so a second stack
// (another database) on the same prefix is refused instead of eating this one's jobs (decision 55).
export class Installation1764000000400 implements MigrationInterface {
  name = 'Installation1764000000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE installation (
      id CHAR(36) NOT NULL PRIMARY KEY,
      created_at DATETIME(3) NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    await runner.query('INSERT INTO installation (id, created_at) VALUES (UUID(), UTC_TIMESTAMP(3))');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE installation');
  }
}
