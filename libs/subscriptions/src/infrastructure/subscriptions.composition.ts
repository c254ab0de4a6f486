import type { CatalogQuery } from '@nce/catalog';
import { SQL_OUTBOX } from '@nce/messaging';
import type { IdempotencyStore, OrderEventSink } from '@nce/orders';
import type { UnitOfWork } from '@nce/persistence';
import type { SubscriptionChange, SubscriptionChangeEvent } from '../domain/subscription-change.model';
import { ApplySubscriptionChange } from '../application/apply-subscription-change.use-case';
import { changeEventFeed, changeWakeups } from '../application/change-event-stream.mapper';
import { CommitSubscriptionChange } from '../application/commit-subscription-change.use-case';
import { RedriveStuckChanges } from '../application/redrive-stuck-changes.use-case';
import { RequestSubscriptionChange } from '../application/request-subscription-change.use-case';
import { SubscriptionChangeQueries } from '../application/subscription-change-queries';
import type { ChangeEventSink, ChangeRefusalMapper, SubscriptionChangesPartnerCenter } from '../application/subscription-changes.ports';
import { SyncSubscriptions } from '../application/sync-subscriptions.use-case';
import { SqlChangeEventScanStore } from './sql-change-event-scan.store';
import { SqlKnownSubscriptions } from './sql-known-subscriptions.store';
import { SqlSubscriptionChangeEventStore } from './sql-subscription-change-event.store';
import { SqlSubscriptionChangeRepository } from './sql-subscription-change.repository';
import { SqlSubscriptionCopyStore } from './sql-subscription-copy.store';

export interface SubscriptionsContextDeps {
  unitOfWork: UnitOfWork;
  /** Wakes live listeners after each commit, on the order channel (the notifications context's Redis sink, or none). */
  wakeups: OrderEventSink;
  /** After a commit that wrote outbox rows: wakes the relay. */
  onCommitted: () => void;
  /** Every batch of committed change events, after the wake-ups (a worker's metrics). */
  onEvents?: (events: readonly SubscriptionChangeEvent[]) => void;
}

/** What the API passes to take change requests: its catalog, its idempotency keys, its presenter. */
export interface ChangeRequestDeps {
  catalog: Pick<CatalogQuery, 'plansFor'>;
  idempotency: IdempotencyStore;
  present: (change: SubscriptionChange) => unknown;
  customersMayChange: (partnerId: string) => Promise<boolean>;
}

/**
 * The subscriptions context's one object graph (issue 17's changes and copies), used by the API's
 * providers, worker-subscription, worker-notifications and ops-cli; they pass only what comes from outside.
 */
export function createSubscriptionsContext(deps: SubscriptionsContextDeps) {
  const { unitOfWork, onCommitted } = deps;
  const changes = new SqlSubscriptionChangeRepository(unitOfWork.executor);
  const events = new SqlSubscriptionChangeEventStore(unitOfWork.executor);
  const copies = new SqlSubscriptionCopyStore(unitOfWork.executor);
  const known = new SqlKnownSubscriptions(unitOfWork.executor);
  const commit = new CommitSubscriptionChange(changes, events);
  const wakeups = changeWakeups(deps.wakeups);
  const eventSink: ChangeEventSink = {
    committed: (appended) => {
      wakeups.committed(appended);
      deps.onEvents?.(appended);
    },
  };
  return {
    queries: new SubscriptionChangeQueries({ changes, events, copies, known }),
    /** The change events as the live-event hub reads them. */
    eventFeed: changeEventFeed(events),
    /** The webhook fan-out's scan of committed change events (its own table and cursor). */
    changeEventScan: new SqlChangeEventScanStore(),
    redriveStuck: new RedriveStuckChanges({ unitOfWork, changes, outbox: SQL_OUTBOX, onCommitted }),
    requestChange: (request: ChangeRequestDeps) =>
      new RequestSubscriptionChange({ unitOfWork, copies, known, changes, commit, outbox: SQL_OUTBOX, eventSink, onCommitted, ...request }),
    applyChange: (partnerCenter: SubscriptionChangesPartnerCenter, refusal: ChangeRefusalMapper) =>
      new ApplySubscriptionChange({ unitOfWork, changes, copies, commit, partnerCenter, refusal, eventSink }),
    sync: (partnerCenter: Pick<SubscriptionChangesPartnerCenter, 'getSubscription'>) =>
      new SyncSubscriptions({ unitOfWork, known, copies, partnerCenter }),
  };
}

export type SubscriptionsContext = ReturnType<typeof createSubscriptionsContext>;
