import { ALL_QUEUES, type QueueName } from '@nce/contracts';
import type { RedisConfig } from '@nce/config';
import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { createRedis } from './redis-connection';

/** One BullMQ Queue (producer side) per queue name, sharing one Redis connection. */
export class QueueRegistry {
  private readonly queues = new Map<QueueName, Queue>();
  readonly connection: Redis | Cluster;

  constructor(private readonly config: RedisConfig) {
    // Producers fail fast while Redis is down (the outbox keeps the commands), instead of queueing forever.
    this.connection = createRedis(config, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => undefined);
  }

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  all(): Queue[] {
    return ALL_QUEUES.map((name) => this.get(name));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    this.queues.clear();
    this.connection.disconnect();
  }
}
