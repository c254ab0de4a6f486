import { type AppConfig, APP_CONFIG } from '@nce/config';
import type { Principal } from '@nce/contracts';
import { SubscriptionChangeQueries, asStreamEvent } from '@nce/subscriptions';
import { Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';
import { SseConnection } from '../notifications/sse-connection';
import { SseStreamLimits } from '../notifications/sse-stream-limits';
import { SUBSCRIPTION_CHANGE_HUB, type SubscriptionChangeHub } from './subscription-change-hub.token';
import { SubscriptionChangePresenter } from './subscription-change.presenter';

const SEQUENCE = /^\d{1,9}$/;
const eventsQuerySchema = z.strictObject({ lastEventId: z.string().regex(SEQUENCE, 'Expected an event sequence number').optional() });
const listQuerySchema = z.strictObject({ subscriptionId: z.string().min(1).max(64) });

function parseLastEventId(header: string | undefined, query: string | undefined): number {
  const raw = header ?? query;
  if (raw === undefined || raw.trim() === '') return 0;
  if (!SEQUENCE.test(raw.trim()))
    throw ApiProblem.validation([
      { field: 'Last-Event-ID', message: 'Expected the id of an event received from this stream (its sequence)' },
    ]);
  return Number(raw.trim());
}

/**
 * Subscription changes (issue 17): read one, list a subscription's, and follow one's events, as
 * SSE across API instances (the process hub, Redis wake-ups, MySQL reads) or as JSON with
 * Accept: application/json. Owner-only like orders (404 for others).
 */
@Controller('v1/subscription-changes')
export class SubscriptionChangesController {
  private readonly streams: SseStreamLimits;

  constructor(
    private readonly queries: SubscriptionChangeQueries,
    private readonly presenter: SubscriptionChangePresenter,
    @Inject(SUBSCRIPTION_CHANGE_HUB) private readonly hub: SubscriptionChangeHub,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.streams = new SseStreamLimits(
      { customer: config.notifications.sseMaxStreamsPerCustomerKey, other: config.notifications.sseMaxStreamsPerKey },
      config.notifications.sseMaxLifetimeMs,
    );
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(listQuerySchema, rawQuery);
    const changes = await this.queries.list(principal, query.subscriptionId);
    return { items: changes.map((change) => this.presenter.present(change)), nextCursor: null };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return this.presenter.present(await this.queries.get(principal, id));
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
    const query = parseOrThrow(eventsQuerySchema, rawQuery);
    const after = parseLastEventId(lastEventId, query.lastEventId);
    const value = (accept ?? '').toLowerCase();
    if (value.includes('application/json') && !value.includes('text/event-stream')) {
      const events = await this.queries.events(principal, id, after);
      const items = events
        .map(asStreamEvent)
        .map((event) => ({ sequence: event.sequence, type: event.type, occurredAt: event.occurredAt.toISOString(), data: event.data }));
      void reply.status(200).header('content-type', 'application/json').send(JSON.stringify({ items }));
      return;
    }
    const change = await this.queries.get(principal, id);
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
    const unfollow = this.hub.follow(change.id, after, connection);
    const lifetime = setTimeout(() => connection.end(), this.streams.maxLifetimeMs);
    lifetime.unref();
    reply.raw.once('close', () => {
      clearTimeout(lifetime);
      unfollow();
      release();
    });
  }
}
