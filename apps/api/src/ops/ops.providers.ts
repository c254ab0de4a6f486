import { QueueRegistry } from '@nce/messaging';
import { MetricsRecorder, queueMetricSource, sqlMetricSources } from '@nce/observability';
import { SqlAuditLog, UnitOfWork } from '@nce/persistence';
import type { Provider } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { QueueOperations } from './queue-operations';

function apiMetrics(uow: UnitOfWork, queues: QueueRegistry): MetricsRecorder {
  const registry = new Registry();
  registry.setDefaultLabels({ process: 'api' });
  // Event-loop lag sampled every 200 ms (prom-client's 10 ms default wakes an idle process 100 times a second).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 200 });
  return new MetricsRecorder(registry, { ...sqlMetricSources(uow.executor), queueCounts: queueMetricSource(() => queues.all()) });
}

export const OPS_PROVIDERS: Provider[] = [
  { provide: MetricsRecorder, inject: [UnitOfWork, QueueRegistry], useFactory: apiMetrics },
  {
    provide: QueueOperations,
    inject: [QueueRegistry, SqlAuditLog],
    useFactory: (queues: QueueRegistry, audit: SqlAuditLog) => new QueueOperations(queues, audit),
  },
];
