import { randomBytes } from 'node:crypto';
import { type DatabaseConfig, parseDatabaseUrl } from '@nce/config';
import { createDataSource, ensureDatabaseExists, runMigrations } from '@nce/persistence';
import type { DataSource } from 'typeorm';
import { testConfig } from './test-config';

export interface TestDatabase {
  name: string;
  url: string;
  config: DatabaseConfig;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export function testRunId(): string {
  return testConfig.runId();
}

/**
 * A fresh database for one test file, named after the run, with the real migrations applied.
 * `serverUrl` (no database name) picks another server than the run's (a private MariaDB).
 */
export async function createTestDatabase(label: string, serverUrl?: string): Promise<TestDatabase> {
  const server = serverUrl ?? testConfig.mysqlServerUrl();
  const name = `nce_t_${testRunId()}_${label.replace(/[^a-z0-9]/gi, '').slice(0, 16)}_${randomBytes(3).toString('hex')}`;
  const url = `${server.replace(/\/$/, '')}/${name}`;
  const problems: string[] = [];
  const config: DatabaseConfig = {
    primary: parseDatabaseUrl(url, 'TEST_MYSQL_URL', problems),
    replicas: [],
    poolSize: 10,
    logQueries: false,
  };
  if (problems.length > 0) throw new Error(problems.join('; '));
  await ensureDatabaseExists(config);
  const dataSource = await createDataSource(config).initialize();
  await runMigrations(dataSource);
  return {
    name,
    url,
    config,
    dataSource,
    drop: async () => {
      await dataSource.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
      await dataSource.destroy().catch(() => undefined);
    },
  };
}
