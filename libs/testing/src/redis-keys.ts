import { Redis } from 'ioredis';

/**
 * Deletes every key under a test run's prefix (queues, budgets, dedupe marks), so the shared Redis
 * does not grow with every run. Never touches keys of other prefixes.
 */
export async function dropRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_-]{4,}$/.test(prefix)) throw new Error(`Refusing to drop keys of the prefix "${prefix}"`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  let dropped = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) dropped += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return dropped;
}
