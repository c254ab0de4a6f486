import { ApiClient, type TestStack, startTestStack, waitFor } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { EventCommitter, type WebhookReceiver, startWebhookReceiver } from './support/notifications.support';

// Jest ignores `testTimeout` inside `projects`: without this, hooks and tests get 5 s.
jest.setTimeout(90_000);

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason?: string;
  secret?: string;
}

describe('partner webhooks: endpoints, signed delivery, retries, 410, redelivery', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let committer: EventCommitter;
  let customerId: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    // TIME_SCALE compresses the retry schedule (5 min → 30 ms, 2 h → 720 ms, 10 h → 3.6 s).
    stack = await startTestStack({
      label: 'webhooks',
      workers: ['worker-notifications'],
      env: { TIME_SCALE: '10000', WEBHOOK_FANOUT_POLL_MS: '100' },
    });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
    customerId = stack.credentials.customers.find((customer) => customer.partnerId === stack.credentials.partners.direct.id)!.id;
    committer = new EventCommitter(stack);
  });

  afterAll(async () => {
    committer?.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await stack?.stop();
  });

  async function receiver(answer?: (webhookId: string, seen: number) => number): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver(answer);
    receivers.push(started);
    return started;
  }

  async function endpoint(target: WebhookReceiver, body: Record<string, unknown> = {}): Promise<Endpoint> {
    const response = await partner.post<Endpoint>('/v1/webhook-endpoints', { url: target.url, ...body });
    expect(response.status).toBe(201);
    target.secrets.push(response.body.secret!);
    return response.body;
  }

  async function order(): Promise<string> {
    const response = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  it('refuses private, loopback, metadata and plain-http URLs, and invalid bodies', async () => {
    for (const url of [
      'https://10.0.0.1/hook',
      'https://192.168.1.1/hook',
      'https://169.254.169.254/latest',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://127.0.0.1:8443/hook',
      'http://127.0.0.2:8080/hook',
      'http://partner.example/hook',
    ]) {
      const response = await partner.post('/v1/webhook-endpoints', { url });
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    expect((await partner.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/x', colour: 'red' })).status).toBe(400);
    const badTypes = await partner.post('/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/x', eventTypes: ['order.exploded'] });
    expect(badTypes.status).toBe(400);
    expect(badTypes.body.errors).toEqual([expect.objectContaining({ field: 'eventTypes[0]' })]);
  });

  it('creates an endpoint with a secret shown once, scoped to its partner; operators read, others do not', async () => {
    const target = await receiver();
    const created = await endpoint(target, { description: 'ERP', eventTypes: ['order.completed', 'order.failed'] });
    expect(created).toMatchObject({ url: target.url, eventTypes: ['order.completed', 'order.failed'], description: 'ERP', enabled: true });
    expect(created.secret).toMatch(/^whsec_/);
    const read = await partner.get<Endpoint>(`/v1/webhook-endpoints/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    expect((await partner.get<{ items: Endpoint[] }>('/v1/webhook-endpoints')).body.items.map((item) => item.id)).toContain(created.id);
    const api = new ApiClient(stack.apiUrl);
    expect((await api.as(stack.credentials.partners.indirect.apiKey).get(`/v1/webhook-endpoints/${created.id}`)).status).toBe(404);
    expect((await api.as(stack.credentials.partners.indirect.apiKey).post(`/v1/webhook-endpoints/${created.id}/test`)).status).toBe(404);
    expect((await api.as(stack.credentials.operator.apiKey).get(`/v1/webhook-endpoints/${created.id}`)).status).toBe(200);
    expect((await api.as(stack.credentials.operator.apiKey).post('/v1/webhook-endpoints', { url: target.url })).status).toBe(403);
    expect((await api.as(stack.credentials.customers[0].apiKey).get('/v1/webhook-endpoints')).status).toBe(403);
    expect((await partner.request('DELETE', `/v1/webhook-endpoints/${created.id}`)).status).toBe(204);
    expect((await partner.get(`/v1/webhook-endpoints/${created.id}`)).status).toBe(404);
  });

  it('delivers every subscribed event once, signed so that standardwebhooks verifies it', async () => {
    const all = await receiver();
    const cancelledOnly = await receiver();
    await endpoint(all);
    await endpoint(cancelledOnly, { eventTypes: ['order.cancelled'] });
    const orders = [await order(), await order(), await order()];
    await committer.progress(orders[0], 2);
    expect((await partner.post(`/v1/orders/${orders[1]}/cancel`)).status).toBe(200);
    const expected = new Set([...orders.map((id) => `evt_${id}_1`), `evt_${orders[0]}_2`, `evt_${orders[0]}_3`, `evt_${orders[1]}_2`]);
    await waitFor(() => all.uniqueIds().size >= expected.size, { timeoutMs: 20_000, what: 'every event at the receiver' });
    await waitFor(() => cancelledOnly.uniqueIds().size >= 1, { what: 'the cancelled event' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(all.uniqueIds()).toEqual(expected);
    expect(all.received.every((entry) => entry.verified)).toBe(true);
    expect(all.received).toHaveLength(expected.size);
    expect(cancelledOnly.received.map((entry) => entry.webhookId)).toEqual([`evt_${orders[1]}_2`]);
    const cancelled = JSON.parse(cancelledOnly.received[0].body);
    expect(cancelled).toMatchObject({
      type: 'order.cancelled',
      data: { orderId: orders[1], customerId, status: 'cancelled', step: null, sequence: 2, by: 'owner' },
    });
    expect(new Date(cancelled.timestamp).toISOString()).toBe(cancelled.timestamp);
    const accepted = JSON.parse(all.received.find((entry) => entry.webhookId === `evt_${orders[2]}_1`)!.body);
    expect(accepted).toMatchObject({
      type: 'order.accepted',
      data: { orderId: orders[2], customerId, status: 'accepted', step: 'account', sequence: 1 },
    });
  });

  it('gets every event exactly once after dedupe by webhook-id from a receiver failing half of the time', async () => {
    let calls = 0;
    // Processes, then answers 500 on every other request (a failure after processing makes a duplicate).
    const flaky = await receiver(() => (++calls % 2 === 0 ? 500 : 200));
    await endpoint(flaky);
    const orders = await Promise.all(Array.from({ length: 12 }, () => order()));
    for (const id of orders.slice(0, 4)) await committer.progress(id, 2);
    const expected = new Set([...orders.map((id) => `evt_${id}_1`), ...orders.slice(0, 4).flatMap((id) => [`evt_${id}_2`, `evt_${id}_3`])]);
    await waitFor(
      async () => {
        const rows = await stack.db.dataSource.query(
          "SELECT COUNT(*) AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.url = ? AND d.status = 'succeeded'",
          [flaky.url],
        );
        return Number(rows[0].n) === expected.size;
      },
      { timeoutMs: 30_000, what: 'every delivery succeeded' },
    );
    expect(flaky.uniqueIds()).toEqual(expected);
    expect(flaky.received.every((entry) => entry.verified)).toBe(true);
    expect(flaky.received.filter((entry) => entry.answered === 500).length).toBeGreaterThan(0);
    expect(flaky.received.length).toBeGreaterThan(expected.size);
  });

  it('disables an endpoint that answers 410 Gone and sends it nothing more', async () => {
    const gone = await receiver(() => 410);
    const created = await endpoint(gone);
    await order();
    await waitFor(async () => (await partner.get<Endpoint>(`/v1/webhook-endpoints/${created.id}`)).body.enabled === false, {
      what: 'the endpoint disabled',
    });
    expect((await partner.get<Endpoint>(`/v1/webhook-endpoints/${created.id}`)).body).toMatchObject({
      enabled: false,
      disabledReason: 'gone',
    });
    const before = gone.received.length;
    await order();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(gone.received.length).toBe(before);
    expect((await partner.post(`/v1/webhook-endpoints/${created.id}/test`)).status).toBe(409);
  });

  it('sends a test event, logs its attempts, and redelivers it with the same webhook-id', async () => {
    const target = await receiver();
    const created = await endpoint(target, { eventTypes: ['order.failed'] });
    const test = await partner.post<{ id: string; webhookId: string; eventType: string }>(`/v1/webhook-endpoints/${created.id}/test`);
    expect(test.status).toBe(202);
    expect(test.body.eventType).toBe('webhook.test');
    await waitFor(() => target.received.length >= 1, { what: 'the test event' });
    expect(target.received[0]).toMatchObject({ webhookId: test.body.webhookId, verified: true });
    expect(JSON.parse(target.received[0].body)).toMatchObject({ type: 'webhook.test', data: { endpointId: created.id } });
    const log = await waitFor(async () => {
      const page = await partner.get<{
        items: Array<{ id: string; status: string; attempts: number; attemptLog: Array<{ statusCode: number; durationMs: number }> }>;
      }>(`/v1/webhook-endpoints/${created.id}/deliveries`);
      return page.body.items[0]?.status === 'succeeded' ? page.body : undefined;
    });
    expect(log.items[0]).toMatchObject({
      id: test.body.id,
      attempts: 1,
      attemptLog: [expect.objectContaining({ statusCode: 204, durationMs: expect.any(Number) })],
    });
    const redelivered = await partner.post(`/v1/webhook-deliveries/${test.body.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    await waitFor(() => target.received.length >= 2, { what: 'the redelivery' });
    expect(target.received[1]).toMatchObject({ webhookId: test.body.webhookId, verified: true });
    const indirect = new ApiClient(stack.apiUrl).as(stack.credentials.partners.indirect.apiKey);
    expect((await indirect.post(`/v1/webhook-deliveries/${test.body.id}/redeliver`)).status).toBe(404);
  });

  it('signs with the old and the new secret during the rotation grace period', async () => {
    const target = await receiver();
    const created = await endpoint(target);
    const oldSecret = target.secrets[0];
    const rotated = await partner.post<Endpoint>(`/v1/webhook-endpoints/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(oldSecret);
    target.secrets.splice(0, 1, rotated.body.secret!);
    await partner.post(`/v1/webhook-endpoints/${created.id}/test`);
    await waitFor(() => target.received.length >= 1, { what: 'the test event' });
    expect(target.received[0].verified).toBe(true);
    const signatures = String(target.received[0].headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    target.secrets.splice(0, 1, oldSecret);
    await partner.post(`/v1/webhook-endpoints/${created.id}/test`);
    await waitFor(() => target.received.length >= 2, { what: 'the second test event' });
    expect(target.received[1].verified).toBe(true);
  });

  it('stops worker-notifications gracefully on SIGTERM', async () => {
    expect(await stack.workers[0].stop(25_000)).toBe(0);
  });
});
