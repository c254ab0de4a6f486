import type { RedisConfig } from '@nce/config';
import IORedis, { Cluster, type Redis, type RedisOptions } from 'ioredis';

/** ioredis options from config; BullMQ needs `maxRetriesPerRequest: null` on worker connections. */
export function redisOptions(config: RedisConfig): RedisOptions {
  const connection = config.connection;
  const tls = connection.tls ? {} : undefined;
  switch (connection.mode) {
    case 'standalone':
      return {
        host: connection.host,
        port: connection.port,
        db: connection.db,
        username: connection.username,
        password: connection.password?.reveal(),
        tls,
        maxRetriesPerRequest: null,
      };
    case 'sentinel':
      return {
        sentinels: connection.sentinels,
        name: connection.masterName,
        db: connection.db,
        password: connection.password?.reveal(),
        sentinelPassword: connection.sentinelPassword?.reveal(),
        tls,
        maxRetriesPerRequest: null,
      };
    case 'cluster':
      return { password: connection.password?.reveal(), tls, maxRetriesPerRequest: null };
  }
}

export function createRedis(config: RedisConfig, overrides: Partial<RedisOptions> = {}): Redis | Cluster {
  const options = { ...redisOptions(config), ...overrides };
  if (config.connection.mode === 'cluster') {
    return new Cluster(config.connection.nodes, { redisOptions: options });
  }
  return new IORedis(options);
}
