import type { Principal } from '@nce/contracts';
import { WebhookDeliveryLog } from '@nce/notifications';
import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { FanOut } from '../http/rate-limits';
import { presentDelivery } from './webhook.presenter';

@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly log: WebhookDeliveryLog) {}

  /** Sends a finished delivery again (same body and webhook-id, a new round of retries). */
  @Post(':id/redeliver')
  @FanOut()
  @Roles('partner')
  @HttpCode(202)
  async redeliver(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return presentDelivery(await this.log.redeliver(principal, id));
  }
}
