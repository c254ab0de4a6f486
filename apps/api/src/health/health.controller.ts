import { probe } from '@nce/observability';
import { QueueRegistry } from '@nce/messaging';
import { type PartnerCenterClient, authenticationHealth } from '@nce/partner-center';
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { PARTNER_CENTER } from '../api.providers';
import { Public } from '../http/auth.guard';

@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(PARTNER_CENTER) private readonly partnerCenter: PartnerCenterClient,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready when MySQL and Redis answer; 503 otherwise (orders would still be accepted without Redis,
   * but not published). Breaker states are details only: an open breaker delays orders, it does not
   * make this instance unable to serve. Partner Center credentials that are missing, refused or older
   * than 60 days make the status `degraded` (still 200) with the reasons.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const [mysql, redis] = await Promise.all([probe(() => this.dataSource.query('SELECT 1')), probe(() => this.queues.connection.ping())]);
    const ok = mysql.status === 'up' && redis.status === 'up';
    void reply.status(ok ? 200 : 503);
    const breakers = Object.fromEntries(
      this.partnerCenter.breakers
        .snapshot()
        .map((breaker) => [
          breaker.name,
          breaker.retryAfterMs === undefined ? { state: breaker.state } : { state: breaker.state, retryAfterMs: breaker.retryAfterMs },
        ]),
    );
    const authentication =
      mysql.status === 'up'
        ? await this.partnerCenter
            .authenticationState()
            .then((state) => authenticationHealth(state, Date.now()))
            .catch(() => null)
        : null;
    const status = !ok ? 'error' : authentication?.status === 'degraded' ? 'degraded' : 'ok';
    return { status, details: { mysql, redis, breakers, partnerCenterAuthentication: authentication } };
  }
}
