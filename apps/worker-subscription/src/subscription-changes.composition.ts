import { subscriptionChangeRefusal } from '@nce/partner-center';
import { type SubscriptionChangesPartnerCenter, createSubscriptionsContext } from '@nce/subscriptions';
import type { OrderEventSink } from '@nce/orders';
import type { PartnerCenterClient } from '@nce/partner-center';
import type { WorkerPlatform } from '@nce/worker-runtime';
import { Counter } from 'prom-client';
import { subscriptionChangeProcessor, subscriptionSyncProcessor } from './subscription-change.processors';

// The periodic sync (renewals, ended terms): copies older than this are read again, a batch per pass.
const SYNC_INTERVAL_MS = 15 * 60_000;
const SYNC_STALE_MS = 6 * 3_600_000;
const SYNC_BATCH = 200;

/** worker-subscription's part of issue 17: apply changes, refresh copies, and the loops around them. */
export function composeSubscriptionChanges(
  context: WorkerPlatform,
  deps: { partnerCenter: PartnerCenterClient; eventSink: OrderEventSink },
) {
  const { unitOfWork, config, logger } = context;
  const partnerCenter: SubscriptionChangesPartnerCenter = {
    getSubscription: (customerId, subscriptionId, call) => deps.partnerCenter.getSubscription(customerId, subscriptionId, call),
    updateSubscription: (customerId, subscriptionId, update, call) =>
      deps.partnerCenter.updateSubscription(customerId, subscriptionId, update, call),
  };
  const outcomes = new Counter({
    name: 'nce_subscription_changes_total',
    help: 'Subscription changes finished by this process, by kind and outcome (completed, failed)',
    labelNames: ['kind', 'outcome'],
    registers: [context.registry],
  });
  const subscriptions = createSubscriptionsContext({
    unitOfWork,
    // Wake-ups share the order channel: a wake-up names an id and a sequence (asserted by the API's change hub).
    wakeups: deps.eventSink,
    onCommitted: () => context.relay.kick(),
    onEvents: (appended) => {
      for (const event of appended) {
        if (event.type === 'subscription_change.completed' || event.type === 'subscription_change.failed')
          outcomes.inc({ kind: String(event.data.kind), outcome: event.type.slice('subscription_change.'.length) });
      }
    },
  });
  const apply = subscriptions.applyChange(partnerCenter, subscriptionChangeRefusal);
  const sync = subscriptions.sync(partnerCenter);
  const timeScale = config.processing.timeScale;
  const timers: NodeJS.Timeout[] = [];

  return {
    handlers: { 'subscription.change': subscriptionChangeProcessor(apply), 'subscription.sync': subscriptionSyncProcessor(sync) },
    start(): void {
      // Re-drive changes whose job Redis lost (the outbox job id is deterministic: a live job is not duplicated).
      timers.push(
        setInterval(() => {
          subscriptions.redriveStuck
            .pass(new Date(Date.now() - config.processing.reconcileStaleMs), 100)
            .catch((error: unknown) => logger.debug({ err: error }, 'subscription change reconcile failed'));
        }, config.processing.reconcileIntervalMs),
      );
      timers.push(
        setInterval(() => {
          sync
            .stale(new Date(Date.now() - SYNC_STALE_MS / timeScale), SYNC_BATCH)
            .then((result) => {
              if (result.failed.length > 0)
                logger.warn({ failed: result.failed.length }, 'periodic subscription sync could not read some subscriptions');
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
