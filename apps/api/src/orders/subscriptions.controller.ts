import type { Principal } from '@nce/accounts';
import { CatalogQuery } from '@nce/catalog';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { SubscriptionNotFoundError, SubscriptionQueries, type SubscriptionView } from '@nce/orders';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';

const listQuerySchema = z.strictObject({
  customerId: z.string().max(64).optional(),
  orderId: z.string().max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.string().regex(/^\d{1,3}$/, 'Expected an integer from 1 to 200').optional(),
});

/**
 * Read side of subscriptions (DESIGN.md section 9 additions): every subscription the caller may see,
 * across orders. Filled: id, customerId, orderId, catalogItemId, title, quantity, status,
 * termDuration, billingCycle, commitmentEndDate, price (as agreed on the order). Not filled yet
 * (documented in the README): autoRenew, refundableQuantity, cancellableUntil.
 */
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly queries: SubscriptionQueries, private readonly catalog: CatalogQuery, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(listQuerySchema, rawQuery);
    const page = await this.queries.list(principal, { ...query, limit: query.limit === undefined ? undefined : Number(query.limit) });
    const titles = await this.titles();
    return { items: page.items.map((subscription) => this.present(subscription, titles)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    try {
      return this.present(await this.queries.get(principal, id), await this.titles());
    } catch (error) {
      if (error instanceof SubscriptionNotFoundError) throw ApiProblem.notFound(error.message);
      throw error;
    }
  }

  private async titles(): Promise<Map<string, string>> {
    return new Map((await this.catalog.listPlans()).map((plan) => [plan.catalogItemId, plan.title]));
  }

  private present(subscription: SubscriptionView, titles: Map<string, string>): Record<string, unknown> {
    return {
      id: subscription.id,
      customerId: subscription.customerId,
      orderId: subscription.orderId,
      catalogItemId: subscription.catalogItemId,
      title: titles.get(subscription.catalogItemId) ?? subscription.catalogItemId,
      quantity: subscription.quantity,
      status: subscription.status,
      termDuration: subscription.termDuration,
      billingCycle: subscription.billingCycle,
      commitmentEndDate: subscription.commitmentEndDate,
      ...(subscription.price ? { price: subscription.price } : {}),
      links: { order: `${this.config.api.publicUrl}/v1/orders/${subscription.orderId}` },
    };
  }
}
