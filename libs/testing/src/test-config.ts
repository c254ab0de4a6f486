/**
 * The test environment's settings, read in one place (set by the Jest global setup, or by the
 * developer): TEST_MYSQL_URL (server, no database), TEST_REDIS_URL, TEST_RUN_ID, TEST_USE_LOCAL_SERVICES,
 * MARIADBD_BIN, MARIADB_INSTALL_DB_BIN.
 */
export const testConfig = {
  mysqlServerUrl: (): string => process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
  redisUrl: (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  runId: (): string => process.env.TEST_RUN_ID ?? 'local',
  explicitServices: (): { mysql?: string; redis?: string } => ({ mysql: process.env.TEST_MYSQL_URL, redis: process.env.TEST_REDIS_URL }),
  dockerWanted: (): boolean => process.env.TEST_USE_LOCAL_SERVICES !== 'true',
  dockerHost: (): string | undefined => process.env.DOCKER_HOST,
  /** The MariaDB binaries for private instances (chaos tests): MARIADBD_BIN, MARIADB_INSTALL_DB_BIN. */
  mariadbBinaries: (): { server: string; installer: string } => ({
    server: process.env.MARIADBD_BIN ?? '/usr/sbin/mariadbd',
    installer: process.env.MARIADB_INSTALL_DB_BIN ?? 'mariadb-install-db',
  }),
  /** Children inherit the test process's environment plus their own variables. */
  childEnv: (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, ...extra }),
};
