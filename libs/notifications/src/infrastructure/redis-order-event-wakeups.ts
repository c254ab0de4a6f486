import type { RedisConfig } from '@nce/config';
import { createRedis } from '@nce/messaging';
import type { Cluster, Redis } from 'ioredis';
import { type OrderWakeup, orderEventsChannel, parseWakeup } from './redis-order-event-sink';

/**
 * The ONE subscriber connection of a process (not one per client): every wake-up is handed to
 * `onWakeup`. After a reconnect, messages sent meanwhile are gone, so `onResubscribed` lets the
 * owner sweep MySQL at once instead of waiting for its next periodic sweep.
 */
export class RedisOrderEventWakeups {
  private connection: Redis | Cluster | null = null;
  private subscribedOnce = false;

  constructor(
    private readonly config: RedisConfig,
    private readonly handlers: { onWakeup: (wakeup: OrderWakeup) => void; onResubscribed?: () => void; onError?: (error: unknown) => void },
  ) {}

  async start(): Promise<void> {
    if (this.connection) return;
    const connection = createRedis(this.config);
    this.connection = connection;
    const channel = orderEventsChannel(this.config.queuePrefix);
    connection.on('error', (error: unknown) => this.handlers.onError?.(error));
    connection.on('message', (_channel: string, message: string) => {
      const wakeup = parseWakeup(message);
      if (wakeup) this.handlers.onWakeup(wakeup);
    });
    connection.on('ready', () => {
      // ioredis re-subscribes by itself after a reconnect; we only need to catch up what was missed.
      if (this.subscribedOnce) this.handlers.onResubscribed?.();
    });
    const subscribed = connection.subscribe(channel).then(
      () => undefined,
      (error: unknown) => this.handlers.onError?.(error),
    );
    // Redis down at boot must not block the process: ioredis keeps retrying and subscribes when it is
    // back (sweeps cover the meantime). Usually this waits for the subscription, so no early wake-up is missed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((resolve) => (timer = setTimeout(resolve, 3_000)))]);
    clearTimeout(timer);
    this.subscribedOnce = true;
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    await connection.quit().catch(() => connection.disconnect());
  }
}
