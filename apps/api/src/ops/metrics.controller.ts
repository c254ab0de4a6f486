import { MetricsRecorder } from '@nce/observability';
import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/auth.guard';

/**
 * Prometheus text. Public like /health (docs/operations.md): counts and states only, no tenant
 * data; restrict it at the network edge where the API is exposed publicly.
 */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsRecorder) {}

  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const text = await this.metrics.registry.metrics();
    void reply.header('content-type', this.metrics.registry.contentType);
    return text;
  }
}
