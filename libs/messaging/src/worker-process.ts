import type { AppConfig } from '@nce/config';
import { type HealthServer, type Logger, probe, startHealthServer } from '@nce/observability';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { QueueRegistry } from './queue-registry';
import type { WorkerHost } from './worker-host';

/**
 * Lifecycle of a headless worker process: consume only once MySQL and Redis answer, expose
 * /health and /metrics, and on SIGTERM stop taking jobs and finish (or release) the running ones.
 */
export class WorkerProcess {
  private health: HealthServer | null = null;
  private started = false;

  constructor(
    private readonly name: string,
    private readonly deps: {
      config: AppConfig;
      dataSource: DataSource;
      queues: QueueRegistry;
      hosts: WorkerHost[];
      registry: Registry;
      logger: Logger;
      extraReadiness?: () => Record<string, unknown>;
    },
  ) {}

  async start(): Promise<string> {
    await this.waitForDependencies();
    for (const host of this.deps.hosts) host.start();
    this.started = true;
    this.health = await startHealthServer({
      host: this.deps.config.processing.metricsHost,
      port: this.deps.config.processing.metricsPort,
      registry: this.deps.registry,
      ready: async () => {
        const [mysql, redis] = await Promise.all([
          probe(() => this.deps.dataSource.query('SELECT 1')),
          probe(() => this.deps.queues.connection.ping()),
        ]);
        const consuming = this.started && this.deps.hosts.every((host) => host.consuming);
        return {
          ok: consuming && mysql.status === 'up' && redis.status === 'up',
          details: { consuming, mysql, redis, ...this.deps.extraReadiness?.() },
        };
      },
    });
    return this.health.url;
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.deps.hosts.map((host) => host.close()));
    await this.health?.close();
  }

  private async waitForDependencies(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const [mysql, redis] = await Promise.all([
        probe(() => this.deps.dataSource.query('SELECT 1')),
        probe(() => this.deps.queues.connection.ping()),
      ]);
      if (mysql.status === 'up' && redis.status === 'up') return;
      if (attempt % 10 === 0) this.deps.logger.warn({ mysql, redis }, `${this.name} waiting for MySQL and Redis`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
