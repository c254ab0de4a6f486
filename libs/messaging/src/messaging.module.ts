import { type AppConfig, APP_CONFIG } from '@nce/config';
import { UnitOfWork, readInstallation } from '@nce/persistence';
import { Global, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from './outbox-relay';
import { claimQueuePrefix } from './queue-prefix-claim';
import { QueueRegistry } from './queue-registry';

/** Producer-side queues and the outbox relay; every API and worker process runs a relay. */
@Global()
@Module({
  providers: [
    { provide: QueueRegistry, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new QueueRegistry(config.redis) },
    {
      provide: OutboxRelay,
      inject: [UnitOfWork, QueueRegistry, APP_CONFIG],
      useFactory: (unitOfWork: UnitOfWork, queues: QueueRegistry, config: AppConfig) =>
        new OutboxRelay(unitOfWork, queues, {
          pollMs: config.processing.outboxPollMs,
          idleMaxMs: config.processing.outboxIdleMaxMs,
          batchSize: config.processing.outboxBatchSize,
          timeScale: config.processing.timeScale,
        }),
    },
  ],
  exports: [QueueRegistry, OutboxRelay],
})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(QueueRegistry) private readonly queues: QueueRegistry,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Refuses to start on a queue prefix another database uses (it would take that database's jobs).
    await claimQueuePrefix(
      this.queues.connection,
      this.config.redis.queuePrefix,
      await readInstallation(this.unitOfWork.executor, this.config.database.primary),
    );
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.queues.close();
  }
}
