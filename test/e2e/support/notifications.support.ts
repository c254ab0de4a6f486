import { type IncomingHttpHeaders, type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedisOrderEventSink } from '@nce/notifications';
import { type OrderEvent, SqlOrderEventStore } from '@nce/orders';
import { UnitOfWork } from '@nce/persistence';
import type { TestStack } from '@nce/testing';
import IORedis from 'ioredis';
import { Webhook } from 'standardwebhooks';

export interface SseEvent {
  id: string;
  event: string;
  data: { sequence: number; type: string; occurredAt: string; data: Record<string, unknown> };
}

export interface EventStream {
  status: number;
  contentType: string;
  events: SseEvent[];
  /** Date.now() when each event arrived (same index as `events`). */
  arrivals: number[];
  comments: string[];
  /** Resolves once `count` events arrived (fails after the timeout). */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** A browser-like SSE reader (fetch-style: Authorization header, no token in the URL), over raw HTTP. */
export function openEventStream(apiUrl: string, apiKey: string, orderId: string, lastEventId?: string): Promise<EventStream> {
  const url = new URL(`/v1/orders/${orderId}/events`, apiUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${apiKey}` };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const outgoing = request(url, { method: 'GET', headers, agent: false }, (response) => {
      const stream: EventStream & { waiters: Array<() => void> } = {
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        events: [],
        arrivals: [],
        comments: [],
        waiters: [],
        waitForEvents: (count, timeoutMs = 15_000) =>
          new Promise((done, fail) => {
            const check = (): boolean => {
              if (stream.events.length < count) return false;
              clearTimeout(timer);
              done(stream.events.slice(0, count));
              return true;
            };
            const timer = setTimeout(
              () => fail(new Error(`got ${stream.events.length} of ${count} events: ${JSON.stringify(stream.events.map((e) => e.id))}`)),
              timeoutMs,
            );
            if (!check()) stream.waiters.push(() => void check());
          }),
        close: () => outgoing.destroy(),
      };
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
            else if (line.includes(':')) fields[line.slice(0, line.indexOf(':'))] = line.slice(line.indexOf(':') + 1).trimStart();
          }
          if (fields.data !== undefined && fields.id !== undefined) {
            stream.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
            stream.arrivals.push(Date.now());
          }
        }
        for (const waiter of stream.waiters) waiter();
      });
      response.on('error', () => undefined);
      resolve(stream);
    });
    outgoing.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
    outgoing.end();
  });
}

/** Commits events straight into MySQL (as a worker would) and announces them through the Redis sink. */
export class EventCommitter {
  private readonly store: SqlOrderEventStore;
  private readonly unitOfWork: UnitOfWork;
  private readonly redis: IORedis;
  readonly sink: RedisOrderEventSink;

  constructor(stack: TestStack) {
    this.unitOfWork = new UnitOfWork(stack.db.dataSource);
    this.store = new SqlOrderEventStore(this.unitOfWork.executor);
    this.redis = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    this.sink = new RedisOrderEventSink(this.redis, stack.queuePrefix);
  }

  async progress(
    orderId: string,
    count: number,
    announce = true,
    extra: () => Record<string, unknown> = () => ({}),
  ): Promise<OrderEvent[]> {
    const events = await this.unitOfWork.transaction(async (tx) => {
      await tx.query('SELECT id FROM orders WHERE id = ? FOR UPDATE', [orderId]);
      const drafts = Array.from({ length: count }, (_, index) => ({
        type: 'order.progressed' as const,
        data: { status: 'in_progress', step: 'account', phase: 'test', index, ...extra() },
      }));
      return this.store.append(tx, orderId, drafts, new Date());
    });
    if (announce) this.sink.committed(events);
    return events;
  }

  close(): void {
    this.redis.disconnect();
  }
}

export interface ReceivedWebhook {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  answered: number;
  /** Date.now() when the request was complete. */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Secrets the receiver verifies with (any one must match). */
  secrets: string[];
  uniqueIds(): Set<string>;
  close(): Promise<void>;
}

/** A real loopback HTTP receiver that verifies every request with the standardwebhooks package. */
export async function startWebhookReceiver(answer: (webhookId: string, seen: number) => number = () => 204): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const seen = new Map<string, number>();
  const receiver: WebhookReceiver = {
    url: '',
    received,
    secrets: [],
    uniqueIds: () => new Set(received.filter((entry) => entry.verified).map((entry) => entry.webhookId)),
    close: () => new Promise((done) => server.close(() => done())),
  };
  const server: Server = createServer((incoming, response) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => {
      const webhookId = String(incoming.headers['webhook-id'] ?? '');
      const headers = {
        'webhook-id': webhookId,
        'webhook-timestamp': String(incoming.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(incoming.headers['webhook-signature'] ?? ''),
      };
      const verified = receiver.secrets.some((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const count = (seen.get(webhookId) ?? 0) + 1;
      seen.set(webhookId, count);
      const status = answer(webhookId, count);
      received.push({ webhookId, headers: incoming.headers, body, verified, answered: status, at: Date.now() });
      response.writeHead(status, status === 503 ? { 'retry-after': '1' } : {});
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/nce`;
  return receiver;
}
