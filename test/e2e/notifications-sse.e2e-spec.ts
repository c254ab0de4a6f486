import { ApiClient, type RunningProcess, type TestStack, startProcess, startTestStack } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { EventCommitter, openEventStream } from './support/notifications.support';

// Jest ignores `testTimeout` inside `projects`: without this, hooks and tests get 5 s.
jest.setTimeout(60_000);

describe('order events over SSE: replay, live fan-out through Redis, resume', () => {
  let stack: TestStack;
  let secondApi: RunningProcess;
  let partner: ApiClient;
  let partnerKey: string;
  let committer: EventCommitter;
  let customerId: string;

  beforeAll(async () => {
    // The safety sweep is off (10 min): live events must arrive through the Redis wake-ups.
    stack = await startTestStack({ label: 'sse', env: { SSE_SWEEP_MS: '600000', SSE_HEARTBEAT_MS: '300' } });
    secondApi = await startProcess('api', stack.env);
    partnerKey = stack.credentials.partners.direct.apiKey;
    partner = new ApiClient(stack.apiUrl).as(partnerKey);
    customerId = stack.credentials.customers.find((customer) => customer.partnerId === stack.credentials.partners.direct.id)!.id;
    committer = new EventCommitter(stack);
  });

  afterAll(async () => {
    committer?.close();
    await secondApi?.stop();
    await stack?.stop();
  });

  async function newOrder(): Promise<string> {
    const response = await partner.post('/v1/orders', existingAccountOrder(customerId), { 'idempotency-key': idempotencyKey() });
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  it('replays from the start, then streams live events in order with id, event and data', async () => {
    const orderId = await newOrder();
    const stream = await openEventStream(stack.apiUrl, partnerKey, orderId);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    await stream.waitForEvents(1);
    await committer.progress(orderId, 3);
    expect((await partner.post(`/v1/orders/${orderId}/cancel`)).status).toBe(200);
    const events = await stream.waitForEvents(5);
    stream.close();
    expect(events.map((event) => Number(event.id))).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((event) => event.event)).toEqual([
      'order.accepted',
      'order.progressed',
      'order.progressed',
      'order.progressed',
      'order.cancelled',
    ]);
    expect(events[4].data).toMatchObject({ sequence: 5, type: 'order.cancelled', data: { status: 'cancelled', step: null } });
    expect(new Date(events[0].data.occurredAt).toISOString()).toBe(events[0].data.occurredAt);
    expect(stream.events).toHaveLength(5);
  });

  it('gives a client that reconnects with Last-Event-ID exactly the events it missed, then live ones', async () => {
    const orderId = await newOrder();
    await committer.progress(orderId, 2);
    const first = await openEventStream(stack.apiUrl, partnerKey, orderId);
    await first.waitForEvents(3);
    first.close();
    await committer.progress(orderId, 3);
    const resumed = await openEventStream(stack.apiUrl, partnerKey, orderId, '3');
    await resumed.waitForEvents(3);
    await committer.progress(orderId, 1);
    const events = await resumed.waitForEvents(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    resumed.close();
    expect(events.map((event) => Number(event.id))).toEqual([4, 5, 6, 7]);
    expect(resumed.events).toHaveLength(4);
  });

  it('delivers events committed through one API instance, or directly, to a client of another', async () => {
    const orderId = await newOrder();
    const onSecond = await openEventStream(secondApi.url!, partnerKey, orderId);
    const onFirst = await openEventStream(stack.apiUrl, partnerKey, orderId);
    await Promise.all([onSecond.waitForEvents(1), onFirst.waitForEvents(1)]);
    await committer.progress(orderId, 2);
    await onSecond.waitForEvents(3, 5_000);
    expect((await partner.post(`/v1/orders/${orderId}/cancel`)).status).toBe(200);
    const events = await onSecond.waitForEvents(4, 5_000);
    await onFirst.waitForEvents(4, 5_000);
    onSecond.close();
    onFirst.close();
    expect(events.map((event) => event.event)).toEqual(['order.accepted', 'order.progressed', 'order.progressed', 'order.cancelled']);
    expect(onFirst.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it('serves many streams of one order from one process without repeats', async () => {
    const orderId = await newOrder();
    const streams = await Promise.all(
      Array.from({ length: 50 }, (_, index) => openEventStream(index % 2 === 0 ? stack.apiUrl : secondApi.url!, partnerKey, orderId)),
    );
    await Promise.all(streams.map((stream) => stream.waitForEvents(1)));
    await committer.progress(orderId, 5);
    await Promise.all(streams.map((stream) => stream.waitForEvents(6, 10_000)));
    for (const stream of streams) stream.close();
    for (const stream of streams) expect(stream.events.map((event) => Number(event.id))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const orderId = await newOrder();
    const stream = await openEventStream(stack.apiUrl, partnerKey, orderId);
    await stream.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stream.close();
    expect(stream.comments.filter((comment) => comment === 'heartbeat').length).toBeGreaterThanOrEqual(2);
  });

  it('answers the list as JSON after Last-Event-ID, and hides the stream from other owners', async () => {
    const orderId = await newOrder();
    await committer.progress(orderId, 2, false);
    const list = await partner.get<{ items: Array<{ sequence: number; type: string }> }>(`/v1/orders/${orderId}/events`, {
      'last-event-id': '1',
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.sequence)).toEqual([2, 3]);
    const indirect = new ApiClient(stack.apiUrl).as(stack.credentials.partners.indirect.apiKey);
    expect((await indirect.get(`/v1/orders/${orderId}/events`)).status).toBe(404);
    const foreignStream = await openEventStream(stack.apiUrl, stack.credentials.partners.indirect.apiKey, orderId);
    expect(foreignStream.status).toBe(404);
    foreignStream.close();
    expect((await partner.get(`/v1/orders/${orderId}/events`, { 'last-event-id': 'abc' })).status).toBe(400);
    expect((await partner.get(`/v1/orders/${orderId}/events?colour=red`)).status).toBe(400);
  });
});
