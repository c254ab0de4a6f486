import { type AppConfig, APP_CONFIG } from '@nce/config';
import { SqlIdempotencyStore } from '@nce/orders';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

const EVERY_MS = 10 * 60_000;

/** Deletes idempotency keys past their retention (at least 24 h, default 48 h), in small batches. */
@Injectable()
export class IdempotencyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: SqlIdempotencyStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.api.idempotencyRetentionHours * 3_600_000);
    let total = 0;
    for (let batch = await this.store.purgeOlderThan(cutoff); batch > 0; batch = await this.store.purgeOlderThan(cutoff)) total += batch;
    return total;
  }
}
