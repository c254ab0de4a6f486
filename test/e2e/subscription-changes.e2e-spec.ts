import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { ApiClient, type TestStack, runToCompletion, startTestStack, waitFor } from '@nce/testing';
import { BUSINESS_BASIC, existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { simPost, simTenant, waitForOrder } from './support/provisioning';
import { type WebhookReceiver, startWebhookReceiver } from './support/notifications.support';

const ENV = {
  RECHECK_BASE_MS: '200',
  RECHECK_MAX_MS: '1000',
  PROVISIONING_POLL_MS: '50',
  PC_TIMEOUT_MS: '1500',
  TIME_SCALE: '20',
  WEBHOOK_FANOUT_POLL_MS: '100',
};

interface SubscriptionView {
  id: string;
  quantity: number;
  status: string;
  autoRenew: boolean | null;
  refundableQuantity: Array<{ quantity: number; allowedUntil: string }>;
  cancellableUntil?: string;
  minQuantity?: number;
  maxQuantity?: number;
  pendingChange?: { id: string; kind: string; status: string };
  syncedAt: string | null;
}

interface ChangeView {
  id: string;
  subscriptionId: string;
  kind: string;
  status: string;
  failure?: { code: string; message: string };
  links: { self: string; events: string };
}

interface SimLedger {
  subscriptionChanges: Array<{ subscriptionId: string; correlationId: string; changed: Record<string, unknown> }>;
  duplicateSubscriptionChanges: number;
}

async function faults(simUrl: string, rules: unknown[] | null): Promise<void> {
  await fetch(
    `${simUrl}/_sim/faults`,
    rules ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) } : { method: 'DELETE' },
  );
}

describe('subscription changes through the engine (issue 17)', () => {
  let stack: TestStack;
  let partner: ApiClient;
  let webhooks: WebhookReceiver;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'subchanges', workers: ['worker-subscription', 'worker-mca', 'worker-notifications'], env: ENV });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
    webhooks = await startWebhookReceiver();
    const endpoint = await partner.post<{ secret: string }>('/v1/webhook-endpoints', {
      url: webhooks.url,
      eventTypes: ['subscription_change.accepted', 'subscription_change.completed', 'subscription_change.failed'],
    });
    expect(endpoint.status).toBe(201);
    webhooks.secrets.push(endpoint.body.secret);
  });

  afterAll(async () => {
    await webhooks?.close();
    await stack?.stop();
  });

  /** A fresh customer with one active, synced Business Basic subscription of `quantity` licences. */
  async function buySubscription(quantity = 5): Promise<{ customerId: string; subscription: SubscriptionView }> {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await partner.post<{ id: string }>('/v1/customers', { name: 'Changes Ltd' });
    const order = await partner.post<{ id: string }>(
      '/v1/orders',
      existingAccountOrder(customer.body.id, {
        account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
        items: [{ catalogItemId: BUSINESS_BASIC, quantity, termDuration: 'P1Y', billingCycle: 'monthly' }],
      }),
      { 'idempotency-key': idempotencyKey() },
    );
    const done = await waitForOrder(partner, order.body.id, (candidate) => candidate.status === 'completed');
    const subscription = await waitForSubscription(done.subscriptions[0].id, (view) => view.syncedAt !== null);
    return { customerId: customer.body.id, subscription };
  }

  async function waitForSubscription(id: string, predicate: (view: SubscriptionView) => boolean): Promise<SubscriptionView> {
    return waitFor(
      async () => {
        const response = await partner.get<SubscriptionView>(`/v1/subscriptions/${id}`);
        return response.status === 200 && predicate(response.body) ? response.body : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: `subscription ${id}` },
    );
  }

  async function waitForChange(id: string, statuses: string[] = ['completed', 'failed']): Promise<ChangeView> {
    return waitFor(
      async () => {
        const response = await partner.get<ChangeView>(`/v1/subscription-changes/${id}`);
        return statuses.includes(response.body.status) ? response.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `change ${id}` },
    );
  }

  function requestChange(subscriptionId: string, body: unknown, key = idempotencyKey()) {
    return partner.post<ChangeView & { code?: string; detail?: string }>(`/v1/subscriptions/${subscriptionId}/changes`, body, {
      'idempotency-key': key,
    });
  }

  async function ledger(): Promise<SimLedger> {
    return (await fetch(`${stack.simUrl}/_sim/ledger`)).json() as Promise<SimLedger>;
  }

  async function age(subscriptionId: string, hours: number): Promise<void> {
    await simPost(stack.simUrl, `/_sim/subscriptions/${subscriptionId}/age`, { hours });
  }

  async function syncSubscriptions(customerId: string): Promise<void> {
    await runToCompletion('ops-cli', ['sync-subscriptions', '--customer', customerId], stack.env);
  }

  it('fills the subscription from Partner Center: auto-renew, the open refund window, the cancel deadline, the plan limits', async () => {
    const { subscription } = await buySubscription(5);
    expect(subscription).toMatchObject({
      quantity: 5,
      status: 'active',
      autoRenew: true,
      minQuantity: expect.any(Number),
      maxQuantity: expect.any(Number),
    });
    expect(subscription.refundableQuantity).toEqual([{ quantity: 5, allowedUntil: expect.any(String) }]);
    expect(Date.parse(subscription.cancellableUntil ?? '')).toBeGreaterThan(Date.now());
  });

  it('applies an increase, a reduction inside the window and an auto-renew switch, each once', async () => {
    const { subscription } = await buySubscription(5);
    const increase = await requestChange(subscription.id, { quantity: 8 });
    expect(increase.status).toBe(202);
    expect(increase.body).toMatchObject({
      subscriptionId: subscription.id,
      kind: 'quantity',
      status: 'accepted',
      requested: { quantity: 8 },
      previous: { quantity: 5, autoRenew: true, status: 'active' },
    });
    expect(await waitForChange(increase.body.id)).toMatchObject({ status: 'completed' });
    expect((await waitForSubscription(subscription.id, (view) => view.quantity === 8)).pendingChange).toBeUndefined();

    const reduction = await requestChange(subscription.id, { quantity: 3 });
    expect(reduction.status).toBe(202);
    expect(await waitForChange(reduction.body.id)).toMatchObject({ status: 'completed' });
    await waitForSubscription(subscription.id, (view) => view.quantity === 3);

    const autoRenew = await requestChange(subscription.id, { autoRenew: false });
    expect(await waitForChange(autoRenew.body.id)).toMatchObject({ kind: 'auto_renew', status: 'completed' });
    await waitForSubscription(subscription.id, (view) => view.autoRenew === false);

    const applied = (await ledger()).subscriptionChanges.filter(
      (entry) => entry.subscriptionId.toLowerCase() === subscription.id.toLowerCase(),
    );
    expect(applied.map((entry) => entry.correlationId)).toEqual([increase.body.id, reduction.body.id, autoRenew.body.id]);
    const listed = await partner.get<{ items: ChangeView[] }>(`/v1/subscription-changes?subscriptionId=${subscription.id}`);
    expect(listed.body.items.map((change) => change.id)).toEqual([autoRenew.body.id, reduction.body.id, increase.body.id]);
  });

  it('refuses at intake what our copy already rules out, with a code and plain words', async () => {
    const { subscription } = await buySubscription(5);
    const tooMuch = await requestChange(subscription.id, { quantity: 0 });
    expect(tooMuch.status).toBe(400);
    const unchanged = await requestChange(subscription.id, { quantity: 5 });
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.code).toBe('QUANTITY_OUT_OF_RANGE');
    const overMax = await requestChange(subscription.id, { quantity: (subscription.maxQuantity ?? 300) + 1 });
    expect(overMax.body.code).toBe('QUANTITY_OUT_OF_RANGE');
    const twoAtOnce = await requestChange(subscription.id, { quantity: 4, cancel: true });
    expect(twoAtOnce.status).toBe(400);
  });

  it('queues a sync when it refuses a change on a subscription whose copy is missing (a lost sync job), so a retry is accepted', async () => {
    const { subscription } = await buySubscription(5);
    // As if the sync job queued at the order's completion had been lost with Redis: no copy of ours.
    await stack.db.dataSource.query('DELETE FROM subscriptions WHERE subscription_id = ?', [subscription.id]);
    const refused = await requestChange(subscription.id, { quantity: 6 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SUBSCRIPTION_NOT_SYNCED');
    const connection = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue<{ reason?: string; subscriptionIds?: string[] }>('subscription', { connection, prefix: stack.queuePrefix });
    try {
      // The refusal's own sync (the periodic pass queues no job): one per subscription and 5 s window.
      const queued = await waitFor(
        async () => {
          const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
          return jobs.find(
            (job) =>
              job.name === 'subscription.sync' && job.data.reason === 'requested' && job.data.subscriptionIds?.includes(subscription.id),
          );
        },
        { what: 'the sync queued by the refusal' },
      );
      expect(queued.id).toMatch(new RegExp(`^subscription-sync-${subscription.id}-\\d+$`));
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await waitForSubscription(subscription.id, (view) => view.syncedAt !== null);
    const retried = await requestChange(subscription.id, { quantity: 6 });
    expect(retried.status).toBe(202);
    expect(await waitForChange(retried.body.id)).toMatchObject({ status: 'completed' });
  });

  it('fails with REFUND_WINDOW_CLOSED when Partner Center refuses a reduction our stale copy allowed, then refuses at intake after a sync', async () => {
    const { customerId, subscription } = await buySubscription(5);
    await age(subscription.id, 200);
    const stale = await requestChange(subscription.id, { quantity: 2 });
    expect(stale.status).toBe(202);
    const failed = await waitForChange(stale.body.id);
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'REFUND_WINDOW_CLOSED' } });
    await syncSubscriptions(customerId);
    const synced = await waitForSubscription(subscription.id, (view) => view.refundableQuantity.length === 0);
    expect(synced.cancellableUntil).toBeUndefined();
    const refused = await requestChange(subscription.id, { quantity: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('REFUND_WINDOW_CLOSED');
    expect(refused.body.detail).toContain('7 days');
    const cancel = await requestChange(subscription.id, { cancel: true });
    expect(cancel.body.code).toBe('REFUND_WINDOW_CLOSED');
    // Increases stay possible after the window.
    const increase = await requestChange(subscription.id, { quantity: 6 });
    expect(await waitForChange(increase.body.id)).toMatchObject({ status: 'completed' });
  });

  it('cancels at the edge of the window, and not a moment after', async () => {
    const inside = await buySubscription(2);
    await age(inside.subscription.id, 167.9);
    await syncSubscriptions(inside.customerId);
    const edge = await waitForSubscription(
      inside.subscription.id,
      (view) => view.cancellableUntil !== undefined && Date.parse(view.cancellableUntil) - Date.now() < 3_600_000,
    );
    const cancel = await requestChange(edge.id, { cancel: true });
    expect(cancel.status).toBe(202);
    expect(await waitForChange(cancel.body.id)).toMatchObject({ kind: 'cancel', status: 'completed' });
    await waitForSubscription(edge.id, (view) => view.status === 'deleted');
    const after = await requestChange(edge.id, { quantity: 3 });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('SUBSCRIPTION_NOT_ACTIVE');

    const outside = await buySubscription(2);
    await age(outside.subscription.id, 168.1);
    await syncSubscriptions(outside.customerId);
    await waitForSubscription(outside.subscription.id, (view) => view.cancellableUntil === undefined);
    expect((await requestChange(outside.subscription.id, { cancel: true })).body.code).toBe('REFUND_WINDOW_CLOSED');
  });

  it('completes a change whose PATCH timed out after Partner Center applied it, exactly once', async () => {
    const { subscription } = await buySubscription(5);
    await faults(stack.simUrl, [{ method: 'PATCH', path: '/subscriptions/', kind: 'timeout', count: 1, latencyMs: 4000 }]);
    try {
      const change = await requestChange(subscription.id, { quantity: 9 });
      expect(await waitForChange(change.body.id)).toMatchObject({ status: 'completed' });
      const state = await ledger();
      expect(state.subscriptionChanges.filter((entry) => entry.correlationId === change.body.id)).toHaveLength(1);
      expect(state.duplicateSubscriptionChanges).toBe(0);
      expect((await waitForSubscription(subscription.id, (view) => view.quantity === 9)).quantity).toBe(9);
    } finally {
      await faults(stack.simUrl, null);
    }
  });

  it('refuses a second change while one is in flight (409), decided by the database', async () => {
    const { subscription } = await buySubscription(5);
    await faults(stack.simUrl, [{ method: 'PATCH', path: '/subscriptions/', kind: 'latency', count: 1, latencyMs: 1500 }]);
    try {
      const [first, second] = await Promise.all([
        requestChange(subscription.id, { quantity: 7 }),
        requestChange(subscription.id, { autoRenew: false }),
      ]);
      expect([first.status, second.status].sort()).toEqual([202, 409]);
      const refused = first.status === 409 ? first : second;
      expect(refused.body.code).toBe('CHANGE_IN_FLIGHT');
      const accepted = first.status === 202 ? first : second;
      const pending = await partner.get<SubscriptionView>(`/v1/subscriptions/${subscription.id}`);
      expect(pending.body.pendingChange?.id ?? accepted.body.id).toBe(accepted.body.id);
      await waitForChange(accepted.body.id);
      const later = await requestChange(subscription.id, { quantity: 6 });
      expect(later.status).toBe(202);
      await waitForChange(later.body.id);
    } finally {
      await faults(stack.simUrl, null);
    }
  });

  it('replays the same change for the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const { subscription } = await buySubscription(5);
    const key = idempotencyKey();
    const first = await requestChange(subscription.id, { quantity: 6 }, key);
    const again = await requestChange(subscription.id, { quantity: 6 }, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await requestChange(subscription.id, { quantity: 7 }, key);
    expect(other.status).toBe(422);
    await waitForChange(first.body.id);
    const afterCompletion = await requestChange(subscription.id, { quantity: 6 }, key);
    expect(afterCompletion.body.id).toBe(first.body.id);
    const missing = await partner.post(`/v1/subscriptions/${subscription.id}/changes`, { quantity: 7 });
    expect(missing.status).toBe(400);
  });

  it('shows the events as JSON and over SSE with Last-Event-ID, and sends signed webhooks', async () => {
    const { subscription } = await buySubscription(5);
    const change = await requestChange(subscription.id, { quantity: 7 });
    await waitForChange(change.body.id);
    const json = await partner.get<{ items: Array<{ sequence: number; type: string; data: Record<string, unknown> }> }>(
      `/v1/subscription-changes/${change.body.id}/events`,
      { accept: 'application/json' },
    );
    expect(json.body.items.map((event) => event.type)).toEqual([
      'subscription_change.accepted',
      'subscription_change.progressed',
      'subscription_change.completed',
    ]);
    expect(json.body.items.map((event) => event.sequence)).toEqual([1, 2, 3]);

    const response = await fetch(`${stack.apiUrl}/v1/subscription-changes/${change.body.id}/events`, {
      headers: { authorization: `Bearer ${stack.credentials.partners.direct.apiKey}`, accept: 'text/event-stream', 'last-event-id': '1' },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: subscription_change.completed')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    const ids = text
      .split('\n\n')
      .filter((frame) => frame.includes('event: '))
      .map((frame) => Number(/^id: (\d+)$/m.exec(frame)?.[1]));
    expect(ids).toEqual([2, 3]);

    const delivered = await waitFor(
      () =>
        webhooks.received.find(
          (hook) => hook.verified && hook.body.includes(change.body.id) && hook.body.includes('subscription_change.completed'),
        ),
      { timeoutMs: 20_000, intervalMs: 100, what: 'completed webhook' },
    );
    const body = JSON.parse(delivered.body) as { type: string; data: Record<string, unknown> };
    expect(body).toMatchObject({
      type: 'subscription_change.completed',
      data: { changeId: change.body.id, subscriptionId: subscription.id, kind: 'quantity', status: 'completed', sequence: 3 },
    });
    expect(
      webhooks.received.some((hook) => hook.body.includes(change.body.id) && hook.body.includes('subscription_change.progressed')),
    ).toBe(false);
  });

  it('streams a change live over SSE while the worker applies it', async () => {
    const { subscription } = await buySubscription(5);
    await faults(stack.simUrl, [{ method: 'PATCH', path: '/subscriptions/', kind: 'latency', count: 1, latencyMs: 1000 }]);
    try {
      const change = await requestChange(subscription.id, { quantity: 6 });
      const response = await fetch(`${stack.apiUrl}/v1/subscription-changes/${change.body.id}/events`, {
        headers: { authorization: `Bearer ${stack.credentials.partners.direct.apiKey}`, accept: 'text/event-stream' },
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      let statusWhileStreaming = '';
      while (!text.includes('event: subscription_change.completed')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
        if (!statusWhileStreaming && text.includes('event: subscription_change.accepted'))
          statusWhileStreaming = (await partner.get<ChangeView>(`/v1/subscription-changes/${change.body.id}`)).body.status;
      }
      await reader.cancel();
      expect(statusWhileStreaming).not.toBe('completed');
      const types = text
        .split('\n\n')
        .filter((frame) => frame.includes('event: '))
        .map((frame) => /^event: (\S+)$/m.exec(frame)?.[1]);
      expect(types).toEqual(['subscription_change.accepted', 'subscription_change.progressed', 'subscription_change.completed']);
    } finally {
      await faults(stack.simUrl, null);
    }
  });

  it('shows Partner Center throttling as a visible delay, then completes without failing', async () => {
    const { subscription } = await buySubscription(5);
    await faults(stack.simUrl, [{ method: 'PATCH', path: '/subscriptions/', kind: '429', count: 1, retryAfterSeconds: 1 }]);
    try {
      const change = await requestChange(subscription.id, { quantity: 7 });
      expect(await waitForChange(change.body.id)).toMatchObject({ status: 'completed' });
      const json = await partner.get<{ items: Array<{ type: string; data: { delay?: { reason: string } } }> }>(
        `/v1/subscription-changes/${change.body.id}/events`,
        { accept: 'application/json' },
      );
      expect(json.body.items.find((event) => event.type === 'subscription_change.delayed')?.data.delay?.reason).toBe(
        'partner_center_throttled',
      );
      expect((await ledger()).subscriptionChanges.filter((entry) => entry.correlationId === change.body.id)).toHaveLength(1);
    } finally {
      await faults(stack.simUrl, null);
    }
  });

  it("hides another partner's subscriptions and changes", async () => {
    const { subscription } = await buySubscription(5);
    const change = await requestChange(subscription.id, { autoRenew: false });
    const other = new ApiClient(stack.apiUrl).as(stack.credentials.partners.indirect.apiKey);
    expect(
      (await other.post(`/v1/subscriptions/${subscription.id}/changes`, { quantity: 6 }, { 'idempotency-key': idempotencyKey() })).status,
    ).toBe(404);
    expect((await other.get(`/v1/subscription-changes/${change.body.id}`)).status).toBe(404);
    await waitForChange(change.body.id);
  });

  it('audits a change an operator requests, as for orders', async () => {
    const { subscription } = await buySubscription(5);
    const operator = new ApiClient(stack.apiUrl).as(stack.credentials.operator.apiKey);
    const change = await operator.post<ChangeView>(
      `/v1/subscriptions/${subscription.id}/changes`,
      { quantity: 6 },
      { 'idempotency-key': idempotencyKey() },
    );
    expect(change.status).toBe(202);
    const audit = await operator.get<{ items: Array<{ action: string; targetId: string }> }>(
      `/v1/ops/audit?targetType=subscription_change&targetId=${change.body.id}`,
    );
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'subscription.change', targetId: change.body.id })]);
    await waitForChange(change.body.id);
  });
});
