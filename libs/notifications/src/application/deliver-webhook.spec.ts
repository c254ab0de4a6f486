import type { SqlExecutor } from '@nce/persistence';
import { InMemoryOutbox, InMemoryUnitOfWork } from '@nce/testing/fakes';
import { Webhook } from 'standardwebhooks';
import type { DeliveryAttempt, WebhookDelivery } from '../domain/webhook-delivery.model';
import { HEALTHY, type WebhookEndpoint } from '../domain/webhook-endpoint.model';
import { generateWebhookSecret } from '../domain/webhook-signature';
import { DeliverWebhook } from './deliver-webhook.use-case';
import { newDelivery } from './delivery-commands';
import { EndpointLanes } from './endpoint-lanes';
import type { WebhookDeliveryRepository, WebhookEndpointRepository, WebhookRequest, WebhookResponse } from './notifications.ports';
import { WebhookUrlGuard } from './webhook-url-guard';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const identity = { seal: (value: string) => `sealed:${value}`, open: (value: string) => value.replace(/^sealed:/, '') };

function setup(
  options: { url?: string; responses?: Array<Partial<WebhookResponse>>; health?: WebhookEndpoint['health']; previousSecret?: string } = {},
) {
  const secret = generateWebhookSecret();
  const endpoint: WebhookEndpoint = {
    id: 'e1',
    partnerId: 'p1',
    url: options.url ?? 'http://127.0.0.1:4000/hook',
    eventTypes: ['order.accepted'],
    description: null,
    enabled: true,
    disabledReason: null,
    secretSealed: identity.seal(secret),
    previousSecretSealed: options.previousSecret ? identity.seal(options.previousSecret) : null,
    previousSecretExpiresAt: options.previousSecret ? new Date(NOW.getTime() + 60_000) : null,
    health: options.health ?? HEALTHY,
    createdAt: NOW,
    updatedAt: NOW,
  };
  const delivery = newDelivery(
    {
      endpointId: 'e1',
      partnerId: 'p1',
      eventId: 7,
      orderId: 'o1',
      messageId: 'evt_o1_1',
      eventType: 'order.accepted',
      body: '{"type":"order.accepted"}',
    },
    NOW,
  );
  const attempts: DeliveryAttempt[] = [];
  const outbox = new InMemoryOutbox();
  const sent: WebhookRequest[] = [];
  const responses = [...(options.responses ?? [{ statusCode: 200 }])];
  const endpoints = {
    findById: async () => (endpoint.enabled ? { ...endpoint } : null),
    saveHealth: async (_tx: SqlExecutor, _id: string, health: WebhookEndpoint['health']) => void (endpoint.health = health),
    disable: async (_tx: SqlExecutor, _id: string, reason: 'gone' | 'failing') =>
      void Object.assign(endpoint, { enabled: false, disabledReason: reason }),
    claimProbe: async () => true,
  } as unknown as WebhookEndpointRepository;
  const deliveries = {
    findById: async () => ({ ...delivery }),
    claim: async () => true,
    recordAttempt: async (_tx: SqlExecutor, attempt: DeliveryAttempt) => void attempts.push(attempt),
    settle: async (
      _tx: SqlExecutor,
      _id: string,
      _made: number,
      change: { status: WebhookDelivery['status']; nextAttemptAt: Date | null; statusCode: number | null },
    ) => {
      Object.assign(delivery, {
        status: change.status,
        nextAttemptAt: change.nextAttemptAt,
        lastStatusCode: change.statusCode,
        attempts: delivery.attempts + 1,
        roundAttempts: delivery.roundAttempts + 1,
      });
      return true;
    },
    failPendingOfEndpoint: async () => undefined,
  } as unknown as WebhookDeliveryRepository;
  const lanes = new EndpointLanes(1, 2);
  const resolver = {
    resolve: async (host: string) =>
      host === 'internal.example' ? [{ address: '10.0.0.5', family: 4 as const }] : [{ address: '127.0.0.1', family: 4 as const }],
  };
  const useCase = new DeliverWebhook({
    unitOfWork: new InMemoryUnitOfWork().asUnitOfWork(),
    outbox,
    endpoints,
    deliveries,
    sealer: identity,
    lanes,
    guard: new WebhookUrlGuard(resolver, ['http://127.0.0.1:*']),
    transport: {
      send: async (request) => (
        sent.push(request),
        { statusCode: null, retryAfter: null, error: null, durationMs: 3, ...responses.shift() }
      ),
    },
    policy: { timeoutMs: 15_000, timeScale: 1, breaker: { threshold: 20, cooldownMs: 60_000, disableAfterMs: 5 * 86_400_000 } },
    clock: () => NOW,
  });
  return { useCase, secret, endpoint, delivery, attempts, outbox, sent, lanes };
}

describe('delivering one webhook attempt', () => {
  it('sends a signed request a standardwebhooks receiver verifies, and records the success', async () => {
    const { useCase, secret, delivery, sent, attempts } = setup();
    const result = await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 1 });
    expect(result).toMatchObject({ kind: 'attempted', outcome: { kind: 'success' } });
    const request = sent[0];
    expect(request.headers['webhook-id']).toBe('evt_o1_1');
    expect(request.address).toEqual({ address: '127.0.0.1', family: 4 });
    expect(request.headers['webhook-timestamp']).toBe(String(Math.floor(NOW.getTime() / 1000)));
    // The receiver checks the timestamp against its own clock: put it at the time of sending.
    jest.useFakeTimers({ now: NOW });
    try {
      expect(new Webhook(secret).verify(request.body, request.headers)).toEqual({ type: 'order.accepted' });
    } finally {
      jest.useRealTimers();
    }
    expect(delivery.status).toBe('succeeded');
    expect(attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200 })]);
  });

  it('signs with both secrets during a rotation grace period', async () => {
    const previous = generateWebhookSecret();
    const { useCase, delivery, sent } = setup({ previousSecret: previous });
    await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 1 });
    expect(sent[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
  });

  it('schedules the next attempt after a failure, with its job in the same transaction', async () => {
    const { useCase, delivery, outbox, endpoint } = setup({ responses: [{ statusCode: 500 }] });
    await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 1 });
    expect(delivery).toMatchObject({ status: 'pending', nextAttemptAt: new Date(NOW.getTime() + 5_000), lastStatusCode: 500 });
    expect(outbox.commands).toEqual([expect.objectContaining({ jobId: `webhook-${delivery.id}-2`, delayMs: 5_000 })]);
    expect(endpoint.health.consecutiveFailures).toBe(1);
  });

  it('gives up after the eighth attempt', async () => {
    const { useCase, delivery } = setup({ responses: [{ statusCode: 500 }] });
    Object.assign(delivery, { attempts: 7, roundAttempts: 7 });
    await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 8 });
    expect(delivery.status).toBe('failed');
  });

  it('disables the endpoint on 410 Gone', async () => {
    const { useCase, delivery, endpoint } = setup({ responses: [{ statusCode: 410 }] });
    await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 1 });
    expect(delivery.status).toBe('failed');
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'gone' });
  });

  it('does nothing for a stale job', async () => {
    const { useCase, delivery, sent } = setup();
    expect(await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 2 })).toMatchObject({ kind: 'skipped' });
    expect(sent).toHaveLength(0);
  });

  it('re-delays without an attempt while the breaker is open or the endpoint lane is full', async () => {
    const open = setup({ health: { consecutiveFailures: 20, failingSince: NOW, breakerOpenUntil: new Date(NOW.getTime() + 30_000) } });
    expect(await open.useCase.execute({ deliveryId: open.delivery.id, endpointId: 'e1', attempt: 1 })).toMatchObject({
      kind: 'later',
      reason: 'breaker open',
    });
    const busy = setup();
    await busy.lanes.acquire('e1');
    void busy.lanes.acquire('e1');
    void busy.lanes.acquire('e1');
    expect(await busy.useCase.execute({ deliveryId: busy.delivery.id, endpointId: 'e1', attempt: 1 })).toMatchObject({
      kind: 'later',
      reason: 'endpoint busy',
    });
    expect([...open.sent, ...busy.sent]).toHaveLength(0);
  });

  it('never sends to a host that resolves to a private address at delivery time', async () => {
    const { useCase, delivery, sent, attempts } = setup({ url: 'https://internal.example/hook' });
    await useCase.execute({ deliveryId: delivery.id, endpointId: 'e1', attempt: 1 });
    expect(sent).toHaveLength(0);
    expect(attempts[0].error).toMatch(/private/);
    expect(delivery.status).toBe('pending');
  });
});
