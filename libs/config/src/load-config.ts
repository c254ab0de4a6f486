import {
  type ApiConfig,
  type CatalogConfig,
  type LogConfig,
  type ProcessingConfig,
  type SecurityConfig,
  readApiConfig,
  readCatalogConfig,
  readLogConfig,
  readProcessingConfig,
  readSecurityConfig,
} from './app.config';
import { type DatabaseConfig, readDatabaseConfig } from './database.config';
import { type NotificationsConfig, readNotificationsConfig } from './notifications.config';
import { ConfigError, type Env, EnvReader } from './env-reader';
import { type PartnerCenterConfig, readPartnerCenterConfig } from './partner-center.config';
import { type RedisConfig, readRedisConfig } from './redis.config';
import { type SimulatorConfig, readSimulatorConfig } from './simulator.config';

export interface AppConfig {
  api: ApiConfig;
  database: DatabaseConfig;
  redis: RedisConfig;
  security: SecurityConfig;
  log: LogConfig;
  processing: ProcessingConfig;
  partnerCenter: PartnerCenterConfig;
  catalog: CatalogConfig;
  notifications: NotificationsConfig;
}

/** The only place that reads process.env. Every bad variable is reported in one ConfigError. */
export function loadConfig(env: Env = process.env): AppConfig {
  const reader = new EnvReader(env);
  const config: AppConfig = {
    api: readApiConfig(reader),
    database: readDatabaseConfig(reader),
    redis: readRedisConfig(reader),
    security: readSecurityConfig(reader),
    log: readLogConfig(reader),
    processing: readProcessingConfig(reader),
    partnerCenter: readPartnerCenterConfig(reader),
    catalog: readCatalogConfig(reader),
    notifications: readNotificationsConfig(reader),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}

export function loadSimulatorConfig(env: Env = process.env): SimulatorConfig & { log: LogConfig } {
  const reader = new EnvReader(env);
  const config = { ...readSimulatorConfig(reader), log: readLogConfig(reader) };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}

/** For a process's main(): the configuration, or the list of problems on stderr and exit code 1. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Ports of this deployment's own services that a webhook must never reach, whatever the allow-list
 * says: the Partner Center endpoints when local (the simulator and its /_sim control API), MySQL,
 * Redis and the API itself.
 */
export function internalServicePorts(config: AppConfig): number[] {
  const ports = new Set<number>();
  for (const raw of [config.partnerCenter.apiUrl, config.partnerCenter.graphUrl, config.partnerCenter.authorityUrl]) {
    try {
      const url = new URL(raw);
      if (/^(localhost|127\.|\[::1\]|10\.|192\.168\.)/.test(url.hostname))
        ports.add(Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
    } catch {
      // Reported by loadConfig already.
    }
  }
  for (const endpoint of [config.database.primary, ...config.database.replicas]) ports.add(endpoint.port);
  const redis = config.redis.connection;
  if (redis.mode === 'standalone') ports.add(redis.port);
  else for (const node of redis.mode === 'sentinel' ? redis.sentinels : redis.nodes) ports.add(node.port);
  if (config.api.port > 0) ports.add(config.api.port);
  return [...ports];
}

/**
 * Every variable the configuration reads, with its default (undefined = none), over the given
 * environments (some variables are only read in a mode, e.g. REDIS_SENTINEL_MASTER with REDIS_SENTINELS).
 */
export function configVariables(envs: readonly Env[]): Map<string, unknown> {
  const all = new Map<string, unknown>();
  for (const env of envs) {
    const reader = new EnvReader(env);
    readApiConfig(reader);
    readDatabaseConfig(reader);
    readRedisConfig(reader);
    readSecurityConfig(reader);
    readLogConfig(reader);
    readProcessingConfig(reader);
    readPartnerCenterConfig(reader);
    readCatalogConfig(reader);
    readNotificationsConfig(reader);
    readSimulatorConfig(reader);
    for (const [name, fallback] of reader.variables) if (!all.has(name) || all.get(name) === undefined) all.set(name, fallback);
  }
  return all;
}
