import type { DatabaseConfig, DatabaseEndpoint } from '@nce/config';
import { DataSource } from 'typeorm';
import type { MysqlConnectionCredentialsOptions } from 'typeorm/driver/mysql/MysqlConnectionCredentialsOptions';
import { MIGRATIONS } from './migrations';

function credentials(endpoint: DatabaseEndpoint): MysqlConnectionCredentialsOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.username,
    password: endpoint.password.reveal(),
    database: endpoint.database,
  };
}

/** The one data source of every process. Migrations only: `synchronize` stays off. */
export function createDataSource(config: DatabaseConfig, overrides: { database?: string; poolSize?: number } = {}): DataSource {
  const primary = overrides.database ? { ...config.primary, database: overrides.database } : config.primary;
  const base = {
    type: 'mysql' as const,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    timezone: 'Z',
    charset: 'utf8mb4',
    logging: config.logQueries,
    poolSize: overrides.poolSize ?? config.poolSize,
    // multipleStatements serves UnitOfWork.writeBatch; values are always bound by the driver.
    // trace off: mysql2 would capture a stack trace on every query (≈ 4 % of a worker's CPU); TypeORM's
    // QueryFailedError carries the caller's stack anyway.
    extra: { connectionLimit: overrides.poolSize ?? config.poolSize, enableKeepAlive: true, multipleStatements: true, trace: false },
  };
  if (config.replicas.length === 0) return new DataSource({ ...base, ...credentials(primary) });
  return new DataSource({
    ...base,
    replication: { master: credentials(primary), slaves: config.replicas.map(credentials) },
  });
}

/** Creates the database if missing (dev, tests); production databases are provisioned by operators. */
export async function ensureDatabaseExists(config: DatabaseConfig, database = config.primary.database): Promise<void> {
  const bootstrap = new DataSource({
    type: 'mysql',
    ...credentials(config.primary),
    database: undefined,
    poolSize: 1,
  });
  await bootstrap.initialize();
  try {
    await bootstrap.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await bootstrap.destroy();
  }
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'none' });
  return applied.map((migration) => migration.name);
}
