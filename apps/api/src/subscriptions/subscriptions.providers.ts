import { SqlPartnerRepository } from '@nce/accounts';
import { CatalogQuery } from '@nce/catalog';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { OutboxRelay, SQL_OUTBOX } from '@nce/messaging';
import { OrderEventHub } from '@nce/notifications';
import { type OrderEventSink, SqlIdempotencyStore } from '@nce/orders';
import { UnitOfWork } from '@nce/persistence';
import {
  CommitSubscriptionChange,
  RequestSubscriptionChange,
  SqlKnownSubscriptions,
  SqlSubscriptionChangeEventStore,
  SqlSubscriptionChangeRepository,
  SqlSubscriptionCopyStore,
  SubscriptionChangeQueries,
} from '@nce/subscriptions';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { ORDER_EVENT_SINK } from '../api.providers';
import { SUBSCRIPTION_CHANGE_HUB, type SubscriptionChangeHub, SubscriptionChangeEventFeed, changeWakeups } from './subscription-change-feed';
import { SubscriptionChangePresenter } from './subscription-change.presenter';

/** Starts and ends the change-event hub with the process (its wake-ups come from the one Redis subscriber). */
@Injectable()
export class SubscriptionChangeHubLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(SUBSCRIPTION_CHANGE_HUB) private readonly hub: SubscriptionChangeHub) {}

  onApplicationBootstrap(): void {
    this.hub.start();
  }

  beforeApplicationShutdown(): void {
    this.hub.close();
  }
}

export const SUBSCRIPTION_PROVIDERS: Provider[] = [
  { provide: SqlSubscriptionCopyStore, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlSubscriptionCopyStore(uow.executor) },
  { provide: SqlSubscriptionChangeRepository, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlSubscriptionChangeRepository(uow.executor) },
  { provide: SqlSubscriptionChangeEventStore, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlSubscriptionChangeEventStore(uow.executor) },
  { provide: SqlKnownSubscriptions, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlKnownSubscriptions(uow.executor) },
  SubscriptionChangePresenter,
  {
    provide: SubscriptionChangeQueries,
    inject: [SqlSubscriptionChangeRepository, SqlSubscriptionChangeEventStore, SqlSubscriptionCopyStore, SqlKnownSubscriptions],
    useFactory: (changes: SqlSubscriptionChangeRepository, events: SqlSubscriptionChangeEventStore, copies: SqlSubscriptionCopyStore, known: SqlKnownSubscriptions) =>
      new SubscriptionChangeQueries({ changes, events, copies, known }),
  },
  {
    provide: RequestSubscriptionChange,
    inject: [UnitOfWork, SqlSubscriptionCopyStore, SqlKnownSubscriptions, SqlSubscriptionChangeRepository, SqlSubscriptionChangeEventStore, CatalogQuery, SqlIdempotencyStore, SubscriptionChangePresenter, OutboxRelay, ORDER_EVENT_SINK, SqlPartnerRepository],
    useFactory: (
      unitOfWork: UnitOfWork,
      copies: SqlSubscriptionCopyStore,
      known: SqlKnownSubscriptions,
      changes: SqlSubscriptionChangeRepository,
      events: SqlSubscriptionChangeEventStore,
      catalog: CatalogQuery,
      idempotency: SqlIdempotencyStore,
      presenter: SubscriptionChangePresenter,
      relay: OutboxRelay,
      sink: OrderEventSink,
      partners: SqlPartnerRepository,
    ) =>
      new RequestSubscriptionChange({
        unitOfWork,
        copies,
        known,
        changes,
        catalog,
        idempotency,
        commit: new CommitSubscriptionChange(changes, events),
        outbox: SQL_OUTBOX,
        present: (change) => presenter.present(change),
        customersMayChange: async (partnerId) => (await partners.findById(partnerId))?.settings.customerSelfOrdering === true,
        eventSink: changeWakeups(sink),
        onCommitted: () => relay.kick(),
      }),
  },
  {
    provide: SUBSCRIPTION_CHANGE_HUB,
    inject: [SqlSubscriptionChangeEventStore, APP_CONFIG],
    useFactory: (events: SqlSubscriptionChangeEventStore, config: AppConfig) =>
      new OrderEventHub(new SubscriptionChangeEventFeed(events), { heartbeatMs: config.notifications.sseHeartbeatMs, sweepMs: config.notifications.sseSweepMs }),
  },
  SubscriptionChangeHubLifecycle,
];
