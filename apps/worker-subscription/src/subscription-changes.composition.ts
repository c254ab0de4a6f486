import { subscriptionChangeRefusal } from '@nce/partner-center';
import {
  ApplySubscriptionChange,
  CommitSubscriptionChange,
  SqlKnownSubscriptions,
  SqlSubscriptionChangeEventStore,
  SqlSubscriptionChangeRepository,
  SqlSubscriptionCopyStore,
  type SubscriptionChangesPartnerCenter,
  SyncSubscriptions,
  applyCommand,
} from '@nce/subscriptions';
import { writeOutbox } from '@nce/messaging';
import type { OrderEvent, OrderEventSink } from '@nce/orders';
import type { PartnerCenterClient } from '@nce/partner-center';
import type { WorkerPlatform } from '@nce/worker-runtime';
import { Counter } from 'prom-client';
import { subscriptionChangeProcessor, subscriptionSyncProcessor } from './subscription-change.processors';

// The periodic sync (renewals, ended terms): copies older than this are read again, a batch per pass.
const SYNC_INTERVAL_MS = 15 * 60_000;
const SYNC_STALE_MS = 6 * 3_600_000;
const SYNC_BATCH = 200;

/** worker-subscription's part of issue 17: apply changes, refresh copies, and the loops around them. */
export function composeSubscriptionChanges(context: WorkerPlatform, deps: { partnerCenter: PartnerCenterClient; eventSink: OrderEventSink }) {
  const { unitOfWork, config, logger } = context;
  const partnerCenter: SubscriptionChangesPartnerCenter = {
    getSubscription: (customerId, subscriptionId, call) => deps.partnerCenter.getSubscription(customerId, subscriptionId, call),
    updateSubscription: (customerId, subscriptionId, update, call) => deps.partnerCenter.updateSubscription(customerId, subscriptionId, update, call),
  };
  const outcomes = new Counter({ name: 'nce_subscription_changes_total', help: 'Subscription changes finished by this process, by kind and outcome (completed, failed)', labelNames: ['kind', 'outcome'], registers: [context.registry] });
  const changes = new SqlSubscriptionChangeRepository(unitOfWork.executor);
  const events = new SqlSubscriptionChangeEventStore(unitOfWork.executor);
  const copies = new SqlSubscriptionCopyStore(unitOfWork.executor);
  const known = new SqlKnownSubscriptions(unitOfWork.executor);
  const apply = new ApplySubscriptionChange({
    unitOfWork,
    changes,
    copies,
    commit: new CommitSubscriptionChange(changes, events),
    partnerCenter,
    refusal: subscriptionChangeRefusal,
    // Wake-ups share the order channel: a wake-up names an id and a sequence (asserted by the API's change hub).
    eventSink: {
      committed: (appended) => {
        for (const event of appended) {
          if (event.type === 'subscription_change.completed' || event.type === 'subscription_change.failed') outcomes.inc({ kind: String(event.data.kind), outcome: event.type.slice('subscription_change.'.length) });
        }
        deps.eventSink.committed(appended.map((event): OrderEvent => ({ orderId: event.changeId, sequence: event.sequence, type: event.type as unknown as OrderEvent['type'], occurredAt: event.occurredAt, data: event.data })));
      },
    },
  });
  const sync = new SyncSubscriptions({ unitOfWork, known, copies, partnerCenter });
  const timeScale = config.processing.timeScale;
  const timers: NodeJS.Timeout[] = [];

  return {
    handlers: { 'subscription.change': subscriptionChangeProcessor(apply), 'subscription.sync': subscriptionSyncProcessor(sync) },
    start(): void {
      // Re-drive changes whose job Redis lost (the outbox job id is deterministic: a live job is not duplicated).
      timers.push(
        setInterval(() => {
          const cutoff = new Date(Date.now() - config.processing.reconcileStaleMs);
          changes
            .stuckSince(cutoff, 100)
            .then(async (stuck) => {
              if (stuck.length === 0) return;
              const redrive = stuck.filter((change) => change.delay?.reason !== 'retries_exhausted');
              if (redrive.length === 0) return;
              await unitOfWork.transaction((tx) => writeOutbox(tx, redrive.map((change) => applyCommand(change)), new Date()));
              context.relay.kick();
            })
            .catch((error: unknown) => logger.debug({ err: error }, 'subscription change reconcile failed'));
        }, config.processing.reconcileIntervalMs),
      );
      timers.push(
        setInterval(() => {
          sync
            .stale(new Date(Date.now() - SYNC_STALE_MS / timeScale), SYNC_BATCH)
            .then((result) => {
              if (result.failed.length > 0) logger.warn({ failed: result.failed.length }, 'periodic subscription sync could not read some subscriptions');
            })
            .catch((error: unknown) => logger.debug({ err: error }, 'periodic subscription sync failed'));
        }, SYNC_INTERVAL_MS / timeScale),
      );
      for (const timer of timers) timer.unref();
    },
    stop(): void {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
