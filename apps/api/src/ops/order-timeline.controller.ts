import type { Principal } from '@nce/contracts';
import { OrderTimelineQuery } from '@nce/orders';
import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../http/auth.guard';

@Controller('v1/orders')
@Roles('operator')
export class OrderTimelineController {
  constructor(private readonly timeline: OrderTimelineQuery) {}

  @Get(':id/timeline')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return this.timeline.execute(principal, id);
  }
}
