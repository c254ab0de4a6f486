import { QueueRegistry } from '@nce/messaging';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../http/auth.guard';

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<{ status: 'up' | 'down'; error?: string }> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs))]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly dataSource: DataSource, private readonly queues: QueueRegistry) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when MySQL and Redis answer; 503 otherwise (orders would still be accepted without Redis, but not published). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const [mysql, redis] = await Promise.all([check(() => this.dataSource.query('SELECT 1')), check(() => this.queues.connection.ping())]);
    const ok = mysql.status === 'up' && redis.status === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', details: { mysql, redis } };
  }
}
