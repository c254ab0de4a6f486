import { type AppConfig, APP_CONFIG, internalServicePorts } from '@nce/config';
import { OutboxRelay } from '@nce/messaging';
import {
  ManageWebhookEndpoints,
  type NotificationsContext,
  OrderEventHub,
  RedisOrderEventWakeups,
  SqlOrderEventFeed,
  WebhookDeliveryLog,
  createNotificationsContext,
} from '@nce/notifications';
import { SecretBox, UnitOfWork } from '@nce/persistence';
import { SUBSCRIPTION_CHANGE_HUB } from '../subscriptions/subscription-change-hub.token';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';

/**
 * Starts the live-event hub and the process's ONE Redis subscriber; on shutdown ends the open
 * streams first (clients reconnect to another instance with Last-Event-ID), so the HTTP server can close.
 */
@Injectable()
export class LiveEventsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(OrderEventHub) private readonly hub: OrderEventHub,
    @Inject(RedisOrderEventWakeups) private readonly wakeups: RedisOrderEventWakeups,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.hub.start();
    await this.wakeups.start();
  }

  beforeApplicationShutdown(): void {
    this.hub.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.wakeups.stop();
  }
}

// The context's object graph, built once by its lib's factory (worker-notifications calls the same one).
const NOTIFICATIONS = Symbol('NOTIFICATIONS_CONTEXT');

export const NOTIFICATIONS_PROVIDERS: Provider[] = [
  { provide: SqlOrderEventFeed, inject: [UnitOfWork], useFactory: (uow: UnitOfWork) => new SqlOrderEventFeed(uow.executor) },
  {
    provide: OrderEventHub,
    inject: [SqlOrderEventFeed, APP_CONFIG],
    useFactory: (feed: SqlOrderEventFeed, config: AppConfig) =>
      new OrderEventHub(feed, { heartbeatMs: config.notifications.sseHeartbeatMs, sweepMs: config.notifications.sseSweepMs }),
  },
  {
    provide: RedisOrderEventWakeups,
    // One subscriber per process; a wake-up names an order or a subscription change (issue 17), each hub ignores ids it does not follow.
    inject: [OrderEventHub, SUBSCRIPTION_CHANGE_HUB, APP_CONFIG],
    useFactory: (hub: OrderEventHub, changeHub: OrderEventHub, config: AppConfig) =>
      new RedisOrderEventWakeups(config.redis, {
        onWakeup: ({ orderId, sequence }) => {
          hub.wake(orderId, sequence);
          changeHub.wake(orderId, sequence);
        },
        onResubscribed: () => {
          void hub.sweep();
          void changeHub.sweep();
        },
      }),
  },
  LiveEventsLifecycle,
  {
    provide: NOTIFICATIONS,
    inject: [UnitOfWork, SecretBox, APP_CONFIG, OutboxRelay],
    useFactory: (unitOfWork: UnitOfWork, secretBox: SecretBox, config: AppConfig, relay: OutboxRelay) =>
      createNotificationsContext({
        unitOfWork,
        secretBox,
        onCommitted: () => relay.kick(),
        webhookAllowList: config.security.webhookAllowList,
        reservedPorts: internalServicePorts(config),
        maxEndpointsPerPartner: config.notifications.webhookMaxEndpointsPerPartner,
        secretGraceMs: config.notifications.webhookSecretGraceMs,
      }),
  },
  {
    provide: ManageWebhookEndpoints,
    inject: [NOTIFICATIONS],
    useFactory: (notifications: NotificationsContext) => notifications.manageEndpoints,
  },
  { provide: WebhookDeliveryLog, inject: [NOTIFICATIONS], useFactory: (notifications: NotificationsContext) => notifications.deliveryLog },
];
