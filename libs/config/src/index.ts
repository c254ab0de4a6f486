export { Secret } from './secret';
export { ConfigError, EnvReader, type Env } from './env-reader';
export { loadConfig, loadSimulatorConfig, type AppConfig } from './load-config';
export type { ApiConfig, LogConfig, ProcessingConfig, SecurityConfig } from './app.config';
export { parseDatabaseUrl, DEFAULT_DATABASE_URL, type DatabaseConfig, type DatabaseEndpoint } from './database.config';
export type { RedisConfig, RedisConnection, RedisNode } from './redis.config';
export type { BreakerSettings, PartnerCenterConfig, PartnerCenterDependency } from './partner-center.config';
export type { SimulatorConfig } from './simulator.config';
export { APP_CONFIG } from './tokens';
