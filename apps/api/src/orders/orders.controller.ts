import type { Principal } from '@nce/accounts';
import { RequestGdapChecks } from '@nce/gdap';
import { CancelOrder, OrderQueries, SubmitOrder } from '@nce/orders';
import { SqlAuditLog } from '@nce/persistence';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';
import { OrderPresenter } from './order.presenter';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const listQuerySchema = z.strictObject({
  status: z.string().optional(),
  customerId: z.string().max(64).optional(),
  domain: z.string().max(255).optional(),
  subscriptionId: z.string().max(64).optional(),
  failureCode: z.string().max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Expected an integer from 1 to 200')
    .optional(),
});

@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly submitOrder: SubmitOrder,
    private readonly queries: OrderQueries,
    private readonly cancelOrder: CancelOrder,
    private readonly presenter: OrderPresenter,
    private readonly gdapChecks: RequestGdapChecks,
    private readonly audit: SqlAuditLog,
  ) {}

  @Post()
  @Roles('partner', 'customer', 'operator')
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    if (!idempotencyKey)
      throw new ApiProblem(
        400,
        'idempotency-key-required',
        'Idempotency-Key required',
        'Send an Idempotency-Key header (any unique string up to 255 characters) with every order',
      );
    if (!IDEMPOTENCY_KEY.test(idempotencyKey))
      throw ApiProblem.validation([{ field: 'Idempotency-Key', message: 'Use 1 to 255 printable ASCII characters' }]);
    const result = await this.submitOrder.execute(principal, idempotencyKey, body);
    if (result.replayed) {
      // The stored response goes out byte for byte as the first request got it.
      void reply
        .status(result.response.status)
        .header('content-type', 'application/json')
        .header('location', `/v1/orders/${result.orderId}`)
        .header('idempotent-replayed', 'true');
      return result.response.body;
    }
    const orderId = result.order.id;
    void reply.status(202).header('content-type', 'application/json').header('location', `/v1/orders/${orderId}`);
    // Operators never act as customers: an order an operator places is an operator action, audited.
    if (principal.role === 'operator')
      await this.audit.record({
        actorKeyId: principal.apiKeyId,
        actorRole: principal.role,
        action: 'order.submit',
        targetType: 'order',
        targetId: orderId,
        details: {},
      });
    return this.presenter.present(result.order);
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(listQuerySchema, rawQuery);
    const page = await this.queries.list(principal, { ...query, limit: query.limit === undefined ? undefined : Number(query.limit) });
    return { items: page.items.map((order) => this.presenter.present(order)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const order = await this.queries.get(principal, id);
    const gdap = order.status === 'completed' ? await this.gdapChecks.status(order.customerId) : null;
    return {
      ...this.presenter.present(order),
      ...(gdap ? { gdap: { status: gdap.status, ...(gdap.approvalUrl ? { approvalUrl: gdap.approvalUrl } : {}) } } : {}),
    };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const cancelled = await this.cancelOrder.execute(principal, id);
    // An operator's cancel is an operator action, audited like the /v1/ops ones.
    if (principal.role === 'operator')
      await this.audit.record({
        actorKeyId: principal.apiKeyId,
        actorRole: principal.role,
        action: 'order.cancel',
        targetType: 'order',
        targetId: id,
        details: {},
      });
    return this.presenter.present(cancelled);
  }
}
