import type { EnvReader } from './env-reader';
import { Secret } from './secret';

export interface RedisNode {
  host: string;
  port: number;
}

export type RedisConnection =
  | { mode: 'standalone'; host: string; port: number; db: number; username?: string; password?: Secret; tls: boolean }
  | { mode: 'sentinel'; sentinels: RedisNode[]; masterName: string; db: number; password?: Secret; sentinelPassword?: Secret; tls: boolean }
  | { mode: 'cluster'; nodes: RedisNode[]; password?: Secret; tls: boolean };

export interface RedisConfig {
  connection: RedisConnection;
  /**
   * BullMQ key prefix. In cluster mode it is wrapped in a hash tag (`{nce}`) so that every key of a
   * queue lands in one slot, which BullMQ's Lua scripts require.
   */
  queuePrefix: string;
}

function parseNodes(value: string[], variable: string, problems: string[]): RedisNode[] {
  return value.map((entry) => {
    const match = /^([^:]+):(\d+)$/.exec(entry);
    if (!match) {
      problems.push(`${variable}: "${entry}" is not host:port`);
      return { host: '', port: 0 };
    }
    return { host: match[1], port: Number(match[2]) };
  });
}

export function readRedisConfig(env: EnvReader): RedisConfig {
  const sentinels = env.list('REDIS_SENTINELS');
  const clusterNodes = env.list('REDIS_CLUSTER_NODES');
  const password = env.optionalSecret('REDIS_PASSWORD');
  const tls = env.boolean('REDIS_TLS', false);
  const rawPrefix = env.string('QUEUE_PREFIX', 'nce');
  if (!/^[A-Za-z0-9_{}-]+$/.test(rawPrefix)) env.problems.push('QUEUE_PREFIX: letters, digits, "_", "-" and braces only');

  let connection: RedisConnection;
  if (sentinels.length > 0 && clusterNodes.length > 0) {
    env.problems.push('REDIS_SENTINELS and REDIS_CLUSTER_NODES: set one or the other, not both');
  }
  if (clusterNodes.length > 0) {
    connection = { mode: 'cluster', nodes: parseNodes(clusterNodes, 'REDIS_CLUSTER_NODES', env.problems), password, tls };
  } else if (sentinels.length > 0) {
    connection = {
      mode: 'sentinel',
      sentinels: parseNodes(sentinels, 'REDIS_SENTINELS', env.problems),
      masterName: env.string('REDIS_SENTINEL_MASTER', 'mymaster'),
      db: env.integer('REDIS_DB', 0, { min: 0, max: 15 }),
      password,
      sentinelPassword: env.optionalSecret('REDIS_SENTINEL_PASSWORD'),
      tls,
    };
  } else {
    const url = env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    connection = {
      mode: 'standalone',
      host: parsed?.hostname ?? '',
      port: parsed && parsed.port !== '' ? Number(parsed.port) : 6379,
      db: parsed && parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
      username: parsed?.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed?.password ? new Secret(decodeURIComponent(parsed.password)) : password,
      tls: tls || parsed?.protocol === 'rediss:',
    };
  }
  const queuePrefix = connection.mode === 'cluster' && !rawPrefix.startsWith('{') ? `{${rawPrefix}}` : rawPrefix;
  return { connection, queuePrefix };
}
