import { loadConfig } from '@nce/config';
import { redisOptions } from '@nce/messaging';
import { createDataSource } from '@nce/persistence';

// Pure parsing: no connection is opened (DataSources are built, never initialised).
const BASE = { ENCRYPTION_KEY: '1'.repeat(64), DATABASE_URL: 'mysql://app:secret@db-primary:3306/nce' };

describe('configuration for Redis Sentinel / Cluster and MySQL replicas', () => {
  it('turns a sentinel list and master name into ioredis sentinel options', () => {
    const config = loadConfig({
      ...BASE,
      REDIS_SENTINELS: 'sentinel-a:26379, sentinel-b:26380',
      REDIS_SENTINEL_MASTER: 'nce-master',
      REDIS_PASSWORD: 'redis-pw',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
      QUEUE_PREFIX: 'prod',
    });
    expect(config.redis.connection.mode).toBe('sentinel');
    expect(config.redis.queuePrefix).toBe('prod');
    expect(redisOptions(config.redis)).toMatchObject({
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: 'sentinel-b', port: 26380 },
      ],
      name: 'nce-master',
      password: 'redis-pw',
      sentinelPassword: 'sentinel-pw',
      maxRetriesPerRequest: null,
    });
  });

  it('turns cluster nodes into a cluster connection and wraps the queue prefix in a hash tag', () => {
    const config = loadConfig({ ...BASE, REDIS_CLUSTER_NODES: 'redis-1:7000,redis-2:7001,redis-3:7002', QUEUE_PREFIX: 'nce' });
    expect(config.redis.connection).toMatchObject({
      mode: 'cluster',
      nodes: [
        { host: 'redis-1', port: 7000 },
        { host: 'redis-2', port: 7001 },
        { host: 'redis-3', port: 7002 },
      ],
    });
    // Every key of a queue must hash to one slot for BullMQ's Lua scripts.
    expect(config.redis.queuePrefix).toBe('{nce}');
    expect(loadConfig({ ...BASE, REDIS_CLUSTER_NODES: 'redis-1:7000', QUEUE_PREFIX: '{tenant}' }).redis.queuePrefix).toBe('{tenant}');
  });

  it('refuses sentinel and cluster together, and malformed nodes, in one error', () => {
    expect(() => loadConfig({ ...BASE, REDIS_SENTINELS: 'a:1', REDIS_CLUSTER_NODES: 'b' })).toThrow(
      /REDIS_SENTINELS and REDIS_CLUSTER_NODES[\s\S]*REDIS_CLUSTER_NODES: "b" is not host:port/,
    );
  });

  it('puts read replicas into TypeORM replication (primary as master)', () => {
    const config = loadConfig({
      ...BASE,
      DATABASE_REPLICA_URLS: 'mysql://reader:pw1@db-replica-1:3306/nce,mysql://reader:pw2@db-replica-2:3307/nce',
    });
    expect(config.database.replicas.map((replica) => `${replica.host}:${replica.port}`)).toEqual([
      'db-replica-1:3306',
      'db-replica-2:3307',
    ]);
    const options = createDataSource(config.database).options as unknown as {
      replication: { master: Record<string, unknown>; slaves: Array<Record<string, unknown>> };
    };
    expect(options.replication.master).toMatchObject({
      host: 'db-primary',
      port: 3306,
      username: 'app',
      password: 'secret',
      database: 'nce',
    });
    expect(options.replication.slaves).toEqual([
      expect.objectContaining({ host: 'db-replica-1', port: 3306, username: 'reader', password: 'pw1', database: 'nce' }),
      expect.objectContaining({ host: 'db-replica-2', port: 3307, username: 'reader', password: 'pw2', database: 'nce' }),
    ]);
  });

  it('uses a single endpoint without replicas', () => {
    const options = createDataSource(loadConfig(BASE).database).options as unknown as { replication?: unknown; host: string };
    expect(options.replication).toBeUndefined();
    expect(options.host).toBe('db-primary');
  });
});
