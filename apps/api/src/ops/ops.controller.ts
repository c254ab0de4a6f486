import type { Principal } from '@nce/contracts';
import { RetryFailedOrder } from '@nce/orders';
import { SqlAuditLog } from '@nce/persistence';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';
import { OrderPresenter } from '../orders/order.presenter';
import { QueueOperations } from './queue-operations';

const LIMIT = z
  .string()
  .regex(/^\d{1,3}$/, 'Expected an integer from 1 to 500')
  .optional();
const deadLettersQuerySchema = z.strictObject({ queue: z.string().max(64).optional(), limit: LIMIT });
const replayQuerySchema = z.strictObject({ queue: z.string().max(64).optional() });
const auditQuerySchema = z.strictObject({
  targetType: z.string().max(32).optional(),
  targetId: z.string().max(100).optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: LIMIT,
});

function limitOf(raw: string | undefined, fallback: number): number {
  return Math.min(500, Math.max(1, raw === undefined ? fallback : Number(raw)));
}

/** Operator endpoints (DESIGN.md section 9); every action is audited with the acting key id. */
@Controller('v1/ops')
@Roles('operator')
export class OpsController {
  constructor(
    private readonly queues: QueueOperations,
    private readonly retryFailedOrder: RetryFailedOrder,
    private readonly audit: SqlAuditLog,
    private readonly presenter: OrderPresenter,
  ) {}

  @Get('queues')
  async listQueues(): Promise<unknown> {
    return { items: await this.queues.list() };
  }

  @Post('queues/:name/pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<unknown> {
    return this.queues.setPaused(principal, name, true);
  }

  @Post('queues/:name/resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<unknown> {
    return this.queues.setPaused(principal, name, false);
  }

  @Post('queues/:name/dead-letters/replay')
  @HttpCode(200)
  replayQueue(@CurrentPrincipal() principal: Principal, @Param('name') name: string): Promise<unknown> {
    return this.queues.replayAll(principal, name);
  }

  @Get('dead-letters')
  async deadLetters(@Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(deadLettersQuerySchema, rawQuery);
    return { items: await this.queues.deadLetters(query.queue, limitOf(query.limit, 100)) };
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() rawQuery: unknown): Promise<unknown> {
    return this.queues.replay(principal, id, parseOrThrow(replayQuerySchema, rawQuery).queue);
  }

  @Post('orders/:id/retry')
  @HttpCode(200)
  async retryOrder(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return this.presenter.present(await this.retryFailedOrder.execute(principal, id));
  }

  @Get('audit')
  async auditLog(@Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(auditQuerySchema, rawQuery);
    const limit = limitOf(query.limit, 100);
    const items = await this.audit.list({
      targetType: query.targetType,
      targetId: query.targetId,
      beforeId: query.before ? Number(query.before) : undefined,
      limit,
    });
    return {
      items: items.map((item) => ({ ...item, at: item.at.toISOString() })),
      nextCursor: items.length === limit ? String(items[items.length - 1].id) : null,
    };
  }
}
