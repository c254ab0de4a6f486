import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface WebhookIdRecord {
  requests: number;
  /** Requests of this webhook-id answered 2xx. */
  ok: number;
  /** Distinct body hashes seen under this webhook-id (more than one: the id does not name one event). */
  bodies: Set<string>;
  /** `orderId:sequence` from the body. */
  event: string;
  failuresInARow: number;
  /** Date.now() of each 2xx answer. */
  okAt: number[];
}

export interface ChaosWebhookReceiver {
  url: string;
  secret: string;
  ids: Map<string, WebhookIdRecord>;
  requests: number;
  answeredError: number;
  unverified: number;
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, so a run's failure pattern is repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The partner's receiver: verifies the Standard Webhooks signature, records every request by
 * `webhook-id`, and answers 500 half of the time (seeded), after "processing" the request, so a
 * failed answer makes the sender deliver the same event again. It never fails one webhook-id more
 * than `maxFailuresInARow` times in a row: the run measures delivery under failures, not whether the
 * 8-attempt retry schedule (ending after ~33 h) can be exhausted by a receiver that is down for good.
 */
export async function startChaosWebhookReceiver(options: {
  seed: number;
  failureRate?: number;
  maxFailuresInARow?: number;
}): Promise<ChaosWebhookReceiver> {
  const random = seededRandom(options.seed);
  const failureRate = options.failureRate ?? 0.5;
  const maxInARow = options.maxFailuresInARow ?? 3;
  const receiver: ChaosWebhookReceiver = {
    url: '',
    secret: '',
    ids: new Map(),
    requests: 0,
    answeredError: 0,
    unverified: 0,
    close: async () => undefined,
  };
  let verifier: Webhook | null = null;
  const server: Server = createServer((incoming, response) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => {
      receiver.requests += 1;
      const webhookId = String(incoming.headers['webhook-id'] ?? '');
      const headers = {
        'webhook-id': webhookId,
        'webhook-timestamp': String(incoming.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(incoming.headers['webhook-signature'] ?? ''),
      };
      let verified = false;
      try {
        verifier ??= receiver.secret ? new Webhook(receiver.secret) : null;
        verifier?.verify(body, headers);
        verified = verifier !== null;
      } catch {
        verified = false;
      }
      if (!verified) receiver.unverified += 1;
      let event = '';
      try {
        // Order events name their order, subscription change events (issue 17) their change.
        const parsed = JSON.parse(body) as { data?: { orderId?: string; changeId?: string; sequence?: number } };
        const subject = parsed.data?.orderId ?? (parsed.data?.changeId === undefined ? '' : `change-${parsed.data.changeId}`);
        event = `${subject}:${parsed.data?.sequence ?? ''}`;
      } catch {
        event = 'unparseable';
      }
      const record = receiver.ids.get(webhookId) ?? { requests: 0, ok: 0, bodies: new Set<string>(), event, failuresInARow: 0, okAt: [] };
      receiver.ids.set(webhookId, record);
      record.requests += 1;
      record.bodies.add(createHash('sha1').update(body).digest('hex'));
      const fail = record.failuresInARow < maxInARow && random() < failureRate;
      if (fail) {
        record.failuresInARow += 1;
        receiver.answeredError += 1;
        response.writeHead(500);
      } else {
        record.failuresInARow = 0;
        record.ok += 1;
        record.okAt.push(Date.now());
        response.writeHead(204);
      }
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/chaos`;
  receiver.close = () =>
    new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return receiver;
}
