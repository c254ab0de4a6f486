import { SqlPartnerRepository } from '@nce/accounts';
import { CatalogQuery } from '@nce/catalog';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { OutboxRelay } from '@nce/messaging';
import { OrderEventHub } from '@nce/notifications';
import { type OrderEventSink, SqlIdempotencyStore } from '@nce/orders';
import { UnitOfWork } from '@nce/persistence';
import {
  RequestSubscriptionChange,
  SubscriptionChangeQueries,
  type SubscriptionsContext,
  createSubscriptionsContext,
} from '@nce/subscriptions';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { ORDER_EVENT_SINK } from '../api.providers';
import { SUBSCRIPTION_CHANGE_HUB, type SubscriptionChangeHub } from './subscription-change-hub.token';
import { SubscriptionChangePresenter } from './subscription-change.presenter';

// The subscriptions context's object graph, built once by its lib's factory (the workers call the same one).
const SUBSCRIPTIONS = Symbol('SUBSCRIPTIONS_CONTEXT');

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
  {
    provide: SUBSCRIPTIONS,
    inject: [UnitOfWork, ORDER_EVENT_SINK, OutboxRelay],
    useFactory: (unitOfWork: UnitOfWork, wakeups: OrderEventSink, relay: OutboxRelay) =>
      createSubscriptionsContext({ unitOfWork, wakeups, onCommitted: () => relay.kick() }),
  },
  SubscriptionChangePresenter,
  {
    provide: SubscriptionChangeQueries,
    inject: [SUBSCRIPTIONS],
    useFactory: (subscriptions: SubscriptionsContext) => subscriptions.queries,
  },
  {
    provide: RequestSubscriptionChange,
    inject: [SUBSCRIPTIONS, CatalogQuery, SqlIdempotencyStore, SubscriptionChangePresenter, SqlPartnerRepository],
    useFactory: (
      subscriptions: SubscriptionsContext,
      catalog: CatalogQuery,
      idempotency: SqlIdempotencyStore,
      presenter: SubscriptionChangePresenter,
      partners: SqlPartnerRepository,
    ) =>
      subscriptions.requestChange({
        catalog,
        idempotency,
        present: (change) => presenter.present(change),
        customersMayChange: async (partnerId) => (await partners.findById(partnerId))?.settings.customerSelfOrdering === true,
      }),
  },
  {
    provide: SUBSCRIPTION_CHANGE_HUB,
    inject: [SUBSCRIPTIONS, APP_CONFIG],
    useFactory: (subscriptions: SubscriptionsContext, config: AppConfig) =>
      new OrderEventHub(subscriptions.eventFeed, {
        heartbeatMs: config.notifications.sseHeartbeatMs,
        sweepMs: config.notifications.sseSweepMs,
      }),
  },
  SubscriptionChangeHubLifecycle,
];
