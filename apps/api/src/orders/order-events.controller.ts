import type { Principal } from '@nce/accounts';
import { type OrderEvent, OrderQueries } from '@nce/orders';
import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../http/auth.guard';

const POLL_MS = 300;
const HEARTBEAT_MS = 15_000;

function toItem(event: OrderEvent): Record<string, unknown> {
  return { sequence: event.sequence, type: event.type, occurredAt: event.occurredAt.toISOString(), data: event.data };
}

/**
 * GET /v1/orders/{id}/events: the order's events as Server-Sent Events (`id:` = sequence), replayed
 * after Last-Event-ID and then followed live; or the list with Accept: application/json.
 */
@Controller('v1/orders')
export class OrderEventsController {
  constructor(private readonly queries: OrderQueries) {}

  @Get(':id/events')
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const after = lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : 0;
    const initial = await this.queries.events(principal, id, after);
    if (!(accept ?? '').includes('text/event-stream') && (accept ?? '').includes('application/json')) {
      void reply.header('content-type', 'application/json').send({ items: initial.map(toItem) });
      return;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 2000\n\n');
    let sequence = after;
    let closed = false;
    const write = (events: OrderEvent[]): void => {
      for (const event of events) {
        raw.write(`id: ${event.sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(toItem(event))}\n\n`);
        sequence = event.sequence;
      }
    };
    write(initial);
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const poll = async (): Promise<void> => {
      while (!closed) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (closed) break;
        try {
          write(await this.queries.events(principal, id, sequence));
        } catch {
          // A transient database error: keep the stream; the next poll retries.
        }
      }
    };
    raw.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
    });
    void poll();
  }
}
