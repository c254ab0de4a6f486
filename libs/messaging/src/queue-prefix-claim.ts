import type { Cluster, Redis } from 'ioredis';

export interface QueuePrefixOwner {
  /** The database's installation id. */
  id: string;
  /** `host:port/database` of the owner. */
  database: string;
}

export class QueuePrefixInUseError extends Error {
  constructor(
    readonly prefix: string,
    readonly owner: QueuePrefixOwner,
    readonly mine: QueuePrefixOwner,
  ) {
    super(
      `QUEUE_PREFIX "${prefix}" on this Redis belongs to another database (${owner.database}, installation ${owner.id}); ` +
        `this process works on ${mine.database} (installation ${mine.id}). Two databases on one prefix would take each other's jobs. ` +
        `Give this stack its own prefix (e.g. QUEUE_PREFIX=${prefix}2), or point DATABASE_URL at the database that owns "${prefix}".`,
    );
    this.name = 'QueuePrefixInUseError';
  }
}

export type ClaimOutcome = 'claimed' | 'ours' | 'taken-over';

/**
 * Claims a queue prefix for one database (key `<prefix>:owner`), first come first served. A process of
 * another database is refused with QueuePrefixInUseError. A claim by a database of the same name at the same
 * place but another installation id (dropped and created again) is taken over.
 */
export async function claimQueuePrefix(redis: Redis | Cluster, prefix: string, mine: QueuePrefixOwner): Promise<ClaimOutcome> {
  await connected(redis);
  const key = `${prefix}:owner`;
  const value = JSON.stringify(mine);
  if ((await redis.set(key, value, 'NX')) === 'OK') return 'claimed';
  const raw = await redis.get(key);
  let owner: QueuePrefixOwner | undefined;
  try {
    owner = raw === null ? undefined : (JSON.parse(raw) as QueuePrefixOwner);
  } catch {
    owner = undefined;
  }
  if (owner?.id === mine.id) return 'ours';
  if (owner === undefined || owner.database === mine.database) {
    await redis.set(key, value);
    return 'taken-over';
  }
  throw new QueuePrefixInUseError(prefix, owner, mine);
}

/** Producer connections refuse commands while connecting (no offline queue): wait for `ready` first. */
async function connected(redis: Redis | Cluster, timeoutMs = 30_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis did not answer within ${timeoutMs / 1000} s (status ${redis.status})`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
