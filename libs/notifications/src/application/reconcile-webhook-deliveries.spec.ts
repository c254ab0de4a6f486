import type { WebhookDelivery } from '../domain/webhook-delivery.model';
import type { DeliveryJobQueue, WebhookDeliveryRepository } from './notifications.ports';
import { ReconcileWebhookDeliveries } from './reconcile-webhook-deliveries.use-case';

describe('ReconcileWebhookDeliveries', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');
  const due = new Date('2026-11-25T11:00:00.000Z');

  it('re-queues the deliveries whose job was lost behind more than a page of deliveries whose job is alive', async () => {
    const pending = Array.from(
      { length: 1_250 },
      (_, index) =>
        ({
          id: `d${String(index).padStart(5, '0')}`,
          endpointId: 'e1',
          attempts: 1,
          nextAttemptAt: new Date(due.getTime() + Math.floor(index / 4)),
        }) as WebhookDelivery,
    );
    const live = new Set(pending.slice(0, 1_000).map((delivery) => `webhook-${delivery.id}`));
    const enqueued: string[] = [];
    const jobs: DeliveryJobQueue = {
      state: async (jobId) => ([...live].some((prefix) => jobId.startsWith(prefix)) ? 'live' : 'missing'),
      enqueue: async (_jobId, delivery) => {
        enqueued.push(delivery.id);
      },
    };
    const deliveries = {
      overdue: async (_cutoff: Date, _now: Date, limit: number, after?: { nextAttemptAt: Date; id: string }) =>
        pending
          .filter((delivery) => {
            const at = (delivery.nextAttemptAt as Date).getTime();
            return !after || at > after.nextAttemptAt.getTime() || (at === after.nextAttemptAt.getTime() && delivery.id > after.id);
          })
          .slice(0, limit),
    } as unknown as WebhookDeliveryRepository;
    const reconcile = new ReconcileWebhookDeliveries({ deliveries, jobs, graceMs: 30_000, batchSize: 500, clock: () => now });
    expect(await reconcile.pass()).toBe(250);
    expect(enqueued).toEqual(pending.slice(1_000).map((delivery) => delivery.id));
  });
});
