import { type AppConfig, ConfigModule } from '@nce/config';
import { MessagingModule } from '@nce/messaging';
import { PersistenceModule } from '@nce/persistence';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountLookupController } from './accounts/account-lookup.controller';
import { CustomersController } from './accounts/customers.controller';
import { PartnerRolesController } from './accounts/partner-roles.controller';
import { PartnerSettingsController } from './accounts/partner-settings.controller';
import { API_PROVIDERS } from './api.providers';
import { CatalogController } from './catalog/catalog.controller';
import { HealthController } from './health/health.controller';
import { AuthGuard } from './http/auth.guard';
import { OrderActionsController } from './orders/order-actions.controller';
import { OrderEventsController } from './orders/order-events.controller';
import { OrdersController } from './orders/orders.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), PersistenceModule, MessagingModule],
      controllers: [HealthController, CatalogController, CustomersController, PartnerSettingsController, OrdersController, OrderEventsController, OrderActionsController, AccountLookupController, PartnerRolesController],
      providers: [...API_PROVIDERS, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
