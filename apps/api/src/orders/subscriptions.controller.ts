import type { Principal } from '@nce/accounts';
import { type CatalogPlan, CatalogQuery } from '@nce/catalog';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { SubscriptionQueries, type SubscriptionView } from '@nce/orders';
import { SqlAuditLog } from '@nce/persistence';
import {
  RequestSubscriptionChange,
  type SubscriptionChange,
  SubscriptionChangeQueries,
  type SubscriptionCopy,
  cancellableUntil,
  openRefundWindows,
} from '@nce/subscriptions';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const listQuerySchema = z.strictObject({
  customerId: z.string().max(64).optional(),
  orderId: z.string().max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Expected an integer from 1 to 200')
    .optional(),
});

interface Overview {
  copies: Map<string, SubscriptionCopy>;
  inFlight: Map<string, SubscriptionChange>;
  plans: CatalogPlan[];
}

/**
 * Subscriptions across orders (DESIGN.md section 9 additions), filled from our copy of Partner
 * Center's state (issue 17: auto-renew, open refund windows, the cancel deadline, the plan's limits,
 * the change in flight, when we last read it), and POST …/changes to change one.
 */
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly queries: SubscriptionQueries,
    private readonly changes: SubscriptionChangeQueries,
    private readonly requestChange: RequestSubscriptionChange,
    private readonly catalog: CatalogQuery,
    private readonly audit: SqlAuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(listQuerySchema, rawQuery);
    const page = await this.queries.list(principal, { ...query, limit: query.limit === undefined ? undefined : Number(query.limit) });
    const overview = await this.overview(page.items.map((subscription) => subscription.id));
    return { items: page.items.map((subscription) => this.present(subscription, overview)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const subscription = await this.queries.get(principal, id);
    return this.present(subscription, await this.overview([subscription.id]));
  }

  @Post(':id/changes')
  @Roles('partner', 'customer', 'operator')
  async change(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!idempotencyKey)
      throw new ApiProblem(
        400,
        'idempotency-key-required',
        'Idempotency-Key required',
        'Send an Idempotency-Key header (any unique string up to 255 characters) with every change',
      );
    if (!IDEMPOTENCY_KEY.test(idempotencyKey))
      throw ApiProblem.validation([{ field: 'Idempotency-Key', message: 'Use 1 to 255 printable ASCII characters' }]);
    const result = await this.requestChange.execute(principal, id, idempotencyKey, body);
    const changeId = result.changeId;
    void reply.status(result.status).header('content-type', 'application/json').header('location', `/v1/subscription-changes/${changeId}`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    // As for orders: a change an operator requests is an operator action, audited.
    else if (principal.role === 'operator')
      await this.audit.record({
        actorKeyId: principal.apiKeyId,
        actorRole: principal.role,
        action: 'subscription.change',
        targetType: 'subscription_change',
        targetId: changeId,
        details: { subscriptionId: id },
      });
    return result.body;
  }

  private async overview(ids: string[]): Promise<Overview> {
    const [{ copies, inFlight }, plans] = await Promise.all([this.changes.overview(ids), this.catalog.listPlans()]);
    return { copies, inFlight, plans };
  }

  private present(subscription: SubscriptionView, overview: Overview): Record<string, unknown> {
    const now = new Date();
    const copy = overview.copies.get(subscription.id);
    const pending = overview.inFlight.get(subscription.id);
    const plans = overview.plans.filter((plan) => plan.catalogItemId === subscription.catalogItemId);
    const plan =
      plans.find(
        (candidate) => candidate.termDuration === subscription.termDuration && candidate.billingCycle === subscription.billingCycle,
      ) ?? plans[0];
    const deadline = copy ? cancellableUntil(copy, now) : null;
    return {
      id: subscription.id,
      customerId: subscription.customerId,
      orderId: subscription.orderId,
      catalogItemId: subscription.catalogItemId,
      title: plan?.title ?? subscription.catalogItemId,
      quantity: copy?.quantity ?? subscription.quantity,
      status: copy?.status ?? subscription.status,
      termDuration: copy?.termDuration ?? subscription.termDuration,
      billingCycle: copy?.billingCycle ?? subscription.billingCycle,
      commitmentEndDate: copy?.commitmentEndDate ?? subscription.commitmentEndDate,
      // Null until we have read the subscription from Partner Center (just after the purchase).
      autoRenew: copy ? copy.autoRenew : null,
      refundableQuantity: copy
        ? openRefundWindows(copy, now).map((window) => ({ quantity: window.quantity, allowedUntil: window.allowedUntil.toISOString() }))
        : [],
      ...(deadline ? { cancellableUntil: deadline.toISOString() } : {}),
      ...(subscription.price ? { price: subscription.price } : {}),
      ...(plan ? { minQuantity: plan.minQuantity, maxQuantity: plan.maxQuantity } : {}),
      ...(pending ? { pendingChange: { id: pending.id, kind: pending.kind, status: pending.status } } : {}),
      syncedAt: copy ? copy.syncedAt.toISOString() : null,
      links: {
        order: `${this.config.api.publicUrl}/v1/orders/${subscription.orderId}`,
        changes: `${this.config.api.publicUrl}/v1/subscription-changes?subscriptionId=${encodeURIComponent(subscription.id)}`,
      },
    };
  }
}
