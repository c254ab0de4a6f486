import type { EnvReader } from './env-reader';
import { Secret } from './secret';

export interface DatabaseEndpoint {
  host: string;
  port: number;
  username: string;
  password: Secret;
  database: string;
}

export interface DatabaseConfig {
  primary: DatabaseEndpoint;
  /** Read replicas (DATABASE_REPLICA_URLS); reads that tolerate lag may go there. */
  replicas: DatabaseEndpoint[];
  poolSize: number;
  logQueries: boolean;
}

export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/nce_dev';

export function parseDatabaseUrl(url: string, variable: string, problems: string[]): DatabaseEndpoint {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
      problems.push(`${variable}: expected a mysql:// URL, got protocol ${parsed.protocol}`);
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!/^[A-Za-z0-9_]+$/.test(database)) {
      problems.push(`${variable}: the database name must be letters, digits and underscores`);
    }
    return {
      host: parsed.hostname,
      port: parsed.port === '' ? 3306 : Number(parsed.port),
      username: decodeURIComponent(parsed.username) || 'root',
      password: new Secret(decodeURIComponent(parsed.password)),
      database,
    };
  } catch {
    problems.push(`${variable}: not a valid URL`);
    return { host: '', port: 0, username: '', password: new Secret(''), database: '' };
  }
}

export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const primary = parseDatabaseUrl(env.string('DATABASE_URL', DEFAULT_DATABASE_URL), 'DATABASE_URL', env.problems);
  const replicas = env
    .list('DATABASE_REPLICA_URLS')
    .map((url, index) => parseDatabaseUrl(url, `DATABASE_REPLICA_URLS[${index}]`, env.problems));
  return {
    primary,
    replicas,
    poolSize: env.integer('DATABASE_POOL_SIZE', 20, { min: 1, max: 500 }),
    logQueries: env.boolean('DATABASE_LOG_QUERIES', false),
  };
}
