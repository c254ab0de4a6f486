import { type AppConfig, APP_CONFIG } from '@nce/config';
import type { Principal } from '@nce/contracts';
import { OrderEventHub } from '@nce/notifications';
import { OrderQueries } from '@nce/orders';
import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';
import { SseConnection, eventItem } from './sse-connection';
import { SseStreamLimits } from './sse-stream-limits';

const SEQUENCE = /^\d{1,9}$/;
// `lastEventId` in the query is for EventSource polyfills that cannot set headers; the header wins.
const querySchema = z.strictObject({ lastEventId: z.string().regex(SEQUENCE, 'Expected an event sequence number').optional() });

function parseLastEventId(header: string | undefined, query: string | undefined): number {
  const raw = header ?? query;
  if (raw === undefined || raw.trim() === '') return 0;
  if (!SEQUENCE.test(raw.trim()))
    throw ApiProblem.validation([
      { field: 'Last-Event-ID', message: 'Expected the id of an event received from this stream (its sequence)' },
    ]);
  return Number(raw.trim());
}

function wantsJson(accept: string | undefined): boolean {
  const value = (accept ?? '').toLowerCase();
  return value.includes('application/json') && !value.includes('text/event-stream');
}

/**
 * GET /v1/orders/{id}/events: Server-Sent Events replayed after Last-Event-ID (or from the start),
 * then live through the process-wide hub (Redis wake-ups, MySQL reads); or `{ items }` with
 * Accept: application/json. Owner-only, exactly like GET /v1/orders/{id} (404 for others).
 */
@Controller('v1/orders')
export class OrderEventsController {
  private readonly streams: SseStreamLimits;

  constructor(
    private readonly queries: OrderQueries,
    private readonly hub: OrderEventHub,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.streams = new SseStreamLimits(
      { customer: config.notifications.sseMaxStreamsPerCustomerKey, other: config.notifications.sseMaxStreamsPerKey },
      config.notifications.sseMaxLifetimeMs,
    );
  }

  @Get(':id/events')
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() rawQuery: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = parseOrThrow(querySchema, rawQuery);
    const after = parseLastEventId(lastEventId, query.lastEventId);
    if (wantsJson(accept)) {
      const events = await this.queries.events(principal, id, after);
      void reply
        .status(200)
        .header('content-type', 'application/json')
        .send(JSON.stringify({ items: events.map(eventItem) }));
      return;
    }
    const order = await this.queries.get(principal, id);
    // HEAD (fastify answers it with the GET handler) gets the stream's headers, never a stream.
    if (request.method === 'HEAD') {
      void reply.status(200).header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store').send();
      return;
    }
    const release = this.streams.acquire(principal.apiKeyId, principal.role);
    if (!release)
      throw new ApiProblem(
        429,
        'too-many-streams',
        'Too many event streams',
        `This key already holds ${this.streams.limitFor(principal.role)} open event streams; close one first`,
        { retryAfterSeconds: 5 },
      );
    reply.hijack();
    const connection = new SseConnection(reply.raw);
    connection.open(2_000);
    const unfollow = this.hub.follow(order.id, after, connection);
    const lifetime = setTimeout(() => connection.end(), this.streams.maxLifetimeMs);
    lifetime.unref();
    reply.raw.once('close', () => {
      clearTimeout(lifetime);
      unfollow();
      release();
    });
  }
}
