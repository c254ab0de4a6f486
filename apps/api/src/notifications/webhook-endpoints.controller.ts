import type { Principal } from '@nce/contracts';
import { ManageWebhookEndpoints, WebhookDeliveryLog, listDeliveriesQuerySchema } from '@nce/notifications';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { FanOut } from '../http/rate-limits';
import { parseOrThrow } from '../http/zod-body';
import { presentDelivery, presentEndpoint } from './webhook.presenter';

/** Partner webhook endpoints (DESIGN.md section 9): partners manage theirs, operators may read. */
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly manage: ManageWebhookEndpoints,
    private readonly log: WebhookDeliveryLog,
  ) {}

  /** The secret is in this reply only. */
  @Post()
  @Roles('partner')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<unknown> {
    const created = await this.manage.create(principal, body);
    return { ...presentEndpoint(created.endpoint), secret: created.secret };
  }

  @Get()
  @Roles('partner', 'operator')
  async list(@CurrentPrincipal() principal: Principal): Promise<unknown> {
    return { items: (await this.manage.list(principal)).map(presentEndpoint) };
  }

  @Get(':id')
  @Roles('partner', 'operator')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return presentEndpoint(await this.manage.get(principal, id));
  }

  @Delete(':id')
  @Roles('partner')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.manage.remove(principal, id);
  }

  @Post(':id/test')
  @FanOut()
  @Roles('partner')
  @HttpCode(202)
  async test(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return presentDelivery(await this.manage.sendTest(principal, id));
  }

  /** A new secret, shown once; the old one keeps signing (both signatures) during the grace period. */
  @Post(':id/rotate-secret')
  @Roles('partner')
  @HttpCode(200)
  async rotate(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const rotated = await this.manage.rotateSecret(principal, id);
    return { ...presentEndpoint(rotated.endpoint), secret: rotated.secret };
  }

  @Get(':id/deliveries')
  @Roles('partner', 'operator')
  async deliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() rawQuery: unknown): Promise<unknown> {
    const page = await this.log.list(principal, id, parseOrThrow(listDeliveriesQuerySchema, rawQuery));
    return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
  }
}
