import { type AppConfig, ConfigModule } from '@nce/config';
import { MessagingModule } from '@nce/messaging';
import { PersistenceModule } from '@nce/persistence';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountLookupController } from './accounts/account-lookup.controller';
import { ApiKeysController } from './accounts/api-keys.controller';
import { CustomersController } from './accounts/customers.controller';
import { MeController } from './accounts/me.controller';
import { PartnerRolesController } from './accounts/partner-roles.controller';
import { PartnerSettingsController } from './accounts/partner-settings.controller';
import { API_PROVIDERS } from './api.providers';
import { CatalogController } from './catalog/catalog.controller';
import { HealthController } from './health/health.controller';
import { NOTIFICATIONS_PROVIDERS } from './notifications/notifications.providers';
import { OrderEventsController } from './notifications/order-events.controller';
import { WebhookDeliveriesController } from './notifications/webhook-deliveries.controller';
import { WebhookEndpointsController } from './notifications/webhook-endpoints.controller';
import { AuthGuard } from './http/auth.guard';
import { HTTP_PROVIDERS } from './http/http.providers';
import { PanelSessionsController } from './panel/panel-sessions.controller';
import { SubscriptionsController } from './orders/subscriptions.controller';
import { MetricsController } from './ops/metrics.controller';
import { OpsController } from './ops/ops.controller';
import { OPS_PROVIDERS } from './ops/ops.providers';
import { OrderTimelineController } from './ops/order-timeline.controller';
import { OrderActionsController } from './orders/order-actions.controller';
import { OrdersController } from './orders/orders.controller';
import { SubscriptionChangesController } from './subscriptions/subscription-changes.controller';
import { SUBSCRIPTION_PROVIDERS } from './subscriptions/subscriptions.providers';

/** Every controller of the API (openapi.spec.ts checks the OpenAPI document lists each of their routes). */
export const API_CONTROLLERS = [
  HealthController,
  CatalogController,
  CustomersController,
  ApiKeysController,
  PartnerSettingsController,
  OrdersController,
  OrderEventsController,
  OrderActionsController,
  AccountLookupController,
  MeController,
  PartnerRolesController,
  WebhookEndpointsController,
  WebhookDeliveriesController,
  OpsController,
  OrderTimelineController,
  MetricsController,
  PanelSessionsController,
  SubscriptionsController,
  SubscriptionChangesController,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), PersistenceModule, MessagingModule],
      controllers: API_CONTROLLERS,
      providers: [
        ...API_PROVIDERS,
        ...HTTP_PROVIDERS,
        ...NOTIFICATIONS_PROVIDERS,
        ...OPS_PROVIDERS,
        ...SUBSCRIPTION_PROVIDERS,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
