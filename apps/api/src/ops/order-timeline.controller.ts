import type { Principal } from '@nce/contracts';
import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { OrderTimelineQuery } from './order-timeline.query';

@Controller('v1/orders')
@Roles('operator')
export class OrderTimelineController {
  constructor(private readonly timeline: OrderTimelineQuery) {}

  @Get(':id/timeline')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return this.timeline.execute(principal, id);
  }
}
