/*
 * The reference pipeline's worker (REF_KIND=subscription: account and subscription jobs; REF_KIND=mca:
 * mca jobs), raw bullmq + mysql2 + undici, plus an outbox relay. The per-job work mirrors the
 * product's step runner and handlers; see common.ts for the counts.
 */
import { Queue, Worker, type Job, DelayedError } from 'bullmq';
import { Redis } from 'ioredis';
import { type Pool, createPool } from 'mysql2/promise';
import { Agent, request } from 'undici';
import {
  type Change,
  type RefOrder,
  Relay,
  Timeline,
  lockedChange,
  newRequestId,
  nextStepOf,
  readOrder,
  required,
  runReferenceProcess,
  stepCommand,
} from './common';

const MCA_VALID_FROM = Date.parse('2023-04-01T00:00:00Z');
const PORTAL_URL = 'https://admin.microsoft.com';

/** Partner Center over HTTP as the product's client sends it (token per flow, same headers), minus breakers and budgets. */
class PartnerCenter {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 128 });
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeline: Timeline,
  ) {}

  private async token(flow: 'app' | 'user'): Promise<string> {
    const cached = this.tokens.get(flow);
    if (cached) return cached;
    const form = new URLSearchParams({
      client_id: 'nce-provisioning-dev',
      client_secret: 'dev-secret',
      resource: 'https://api.partnercenter.microsoft.com',
    });
    if (flow === 'app') form.set('grant_type', 'client_credentials');
    else {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', required('REF_REFRESH_TOKEN'));
    }
    const response = await request(`${this.baseUrl}/7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11/oauth2/token`, {
      method: 'POST',
      dispatcher: this.dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const body = (await response.body.json()) as { access_token: string };
    this.tokens.set(flow, body.access_token);
    return body.access_token;
  }

  async call<T>(
    flow: 'app' | 'user',
    method: 'GET' | 'POST',
    route: string,
    path: string,
    correlationId: string,
    options: { body?: unknown; requestId?: string } = {},
  ): Promise<T> {
    const started = performance.now();
    const requestId = options.requestId ?? newRequestId();
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token(flow)}`,
      accept: 'application/json',
      'ms-requestid': requestId,
      'ms-correlationid': correlationId,
      'x-locale': 'en-US',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      dispatcher: this.dispatcher,
    });
    const text = await response.body.text();
    this.timeline.record(correlationId, 'partner_center', {
      route: `${method} ${route}`,
      status: response.statusCode,
      requestId,
      durationMs: Math.round(performance.now() - started),
    });
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw new Error(`${method} ${path} answered ${response.statusCode}: ${text.slice(0, 200)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

interface Deps {
  pool: Pool;
  pc: PartnerCenter;
  relay: Relay;
  timeline: Timeline;
  publish: (orderId: string, sequence: number) => void;
}

/** Commit a change under the order lock; wake the relay and SSE listeners as the product does. */
async function commit(
  deps: Deps,
  job: { orderId: string; run: number },
  step: string,
  change: (order: RefOrder, now: Date) => Change | null,
): Promise<RefOrder | null> {
  const result = await lockedChange(
    deps.pool,
    job.orderId,
    (order) => order.run === job.run && order.step === step && !['completed', 'failed', 'cancelled'].includes(order.status),
    change,
  );
  if (!result) return null;
  if (result.events > 0) deps.publish(job.orderId, result.order.lastEventSequence);
  if (result.commands > 0) deps.relay.kick();
  return result.order;
}

function completeStep(order: RefOrder, step: string, patch: Partial<RefOrder>): Change {
  const following = nextStepOf(step);
  const progress = { ...order.progress, ...(patch.progress ?? {}), [`${step}Done`]: true };
  if (following === null) {
    const done = { ...order, ...patch, status: 'completed', step: null, progress };
    return {
      order: done,
      events: [{ type: 'order.completed', data: { status: 'completed', step: null, portalUrl: done.portalUrl } }],
      commands: [],
    };
  }
  const moved = { ...order, ...patch, status: 'in_progress', step: following, progress };
  return {
    order: moved,
    events: [{ type: 'order.progressed', data: { status: 'in_progress', step: following, completedStep: step } }],
    commands: [stepCommand(following, order.id, order.run)],
  };
}

/** The runner's start: a plain read; a locked transaction only when starting changes the order. */
async function start(deps: Deps, job: { orderId: string; run: number }, step: string): Promise<RefOrder | null> {
  const current = await readOrder(deps.pool, job.orderId);
  if (!current || current.run !== job.run || current.step !== step || ['completed', 'failed', 'cancelled'].includes(current.status))
    return null;
  if (current.status === 'in_progress') return current;
  return commit(deps, job, step, (order) => ({
    order: { ...order, status: 'in_progress', step },
    events: [{ type: 'order.progressed', data: { status: 'in_progress', step, phase: 'started' } }],
    commands: [],
  }));
}

async function accountStep(deps: Deps, job: { orderId: string; run: number }): Promise<void> {
  const order = await start(deps, job, 'account');
  if (!order) return;
  const domain = order.account.domain;
  const filter = JSON.stringify({ Field: 'Domain', Value: domain, Operator: 'starts_with' });
  const found = await deps.pc.call<{ items: Array<{ id: string; companyProfile?: { domain?: string }; relationshipToPartner?: string }> }>(
    'app',
    'GET',
    '/v1/customers',
    `/v1/customers?size=100&filter=${encodeURIComponent(filter)}`,
    order.id,
  );
  const customer = found.items.find((item) => item.companyProfile?.domain?.toLowerCase() === domain.toLowerCase());
  if (!customer || customer.relationshipToPartner === 'none') throw new Error(`tenant ${domain} not found`);
  const tenantId = customer.id;
  // Link the tenant to our customer, then read what it is linked to (one round trip, autocommit).
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
  await deps.pool.query(
    'UPDATE customers SET tenant_id = ?, tenant_domain = ?, updated_at = ? WHERE id = ? AND tenant_id IS NULL; SELECT * FROM customers WHERE id = ?',
    [tenantId, domain, now, order.customerId, order.customerId],
  );
  const validation = await deps.pc.call<{ status?: string }>(
    'user',
    'GET',
    '/v1/customers/{id}/validationStatus',
    `/v1/customers/${tenantId}/validationStatus?type=account`,
    order.id,
  );
  if (validation.status && ['UnderReview', 'NotAllowed', 'Unknown'].includes(validation.status))
    throw new Error(`account ${validation.status}`);
  deps.timeline.record(order.id, 'job', { step: 'account', run: job.run, outcome: 'done' });
  await commit(deps, job, 'account', (locked) =>
    completeStep(locked, 'account', {
      progress: { customerTenantId: tenantId },
      account: { ...locked.account, customerTenantId: tenantId },
    }),
  );
}

async function mcaStep(deps: Deps, job: { orderId: string; run: number }): Promise<void> {
  const order = await start(deps, job, 'mca');
  if (!order) return;
  const tenantId = String(order.progress.customerTenantId ?? order.account.customerTenantId ?? '');
  const [agreements, direct] = await Promise.all([
    deps.pc.call<{ items: Array<{ dateAgreed: string }> }>(
      'user',
      'GET',
      '/v1/customers/{id}/agreements',
      `/v1/customers/${tenantId}/agreements?agreementType=MicrosoftCustomerAgreement`,
      order.id,
    ),
    deps.pc.call<{ isSigned: boolean }>(
      'user',
      'GET',
      '/v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus',
      `/v1/customers/${tenantId}/directSignedMicrosoftCustomerAgreementStatus`,
      order.id,
    ),
  ]);
  const valid =
    agreements.items.length === 0
      ? direct.isSigned
      : Math.max(...agreements.items.map((agreement) => Date.parse(agreement.dateAgreed))) >= MCA_VALID_FROM;
  if (!valid) throw new Error('MCA missing (the benchmark tenants have a valid MCA)');
  deps.timeline.record(order.id, 'job', { step: 'mca', run: job.run, outcome: 'done' });
  await commit(deps, job, 'mca', (locked) => completeStep(locked, 'mca', { progress: { mca: 'valid' } }));
}

async function subscriptionStep(deps: Deps, job: { orderId: string; run: number }): Promise<{ rerunInMs: number } | void> {
  const order = await start(deps, job, 'subscription');
  if (!order) return;
  const tenantId = String(order.progress.customerTenantId ?? order.account.customerTenantId ?? '');
  let orderIds = Array.isArray(order.progress.partnerCenterOrderIds) ? (order.progress.partnerCenterOrderIds as string[]) : null;
  if (!orderIds) {
    let intent = order.checkoutIntent;
    if (!intent) {
      await deps.pool.query('SELECT * FROM partners WHERE id = ?', [order.partnerId]);
      const lineItems = order.items.map((item, index) => ({
        id: index,
        catalogItemId: item.catalogItemId,
        friendlyName: `NCE-${order.id}-${index + 1}`,
        quantity: item.quantity,
        termDuration: item.termDuration,
        billingCycle: item.billingCycle,
      }));
      const cart = await deps.pc.call<{ id: string }>(
        'app',
        'POST',
        '/v1/customers/{id}/carts',
        `/v1/customers/${tenantId}/carts`,
        order.id,
        { body: { lineItems } },
      );
      const planned = { cartId: cart.id, requestId: newRequestId(), at: new Date().toISOString() };
      intent = planned;
      // The checkout intent is committed before the checkout (never a second cart).
      const saved = await commit(deps, job, 'subscription', (locked) => ({
        order: { ...locked, checkoutIntent: planned },
        events: [],
        commands: [],
      }));
      if (!saved) return;
    }
    const checkout = await deps.pc.call<{ orders?: Array<{ id: string }> }>(
      'app',
      'POST',
      '/v1/customers/{id}/carts/{cartId}/checkout',
      `/v1/customers/${tenantId}/carts/${intent.cartId}/checkout`,
      order.id,
      { requestId: intent.requestId },
    );
    orderIds = (checkout.orders ?? []).map((placed) => placed.id);
  }
  const lists = await Promise.all(
    orderIds.map((id) =>
      deps.pc.call<{
        items: Array<{
          id: string;
          offerId: string;
          status: string;
          quantity: number;
          termDuration?: string;
          billingCycle?: string;
          commitmentEndDate?: string;
        }>;
      }>(
        'app',
        'GET',
        '/v1/customers/{id}/subscriptions',
        `/v1/customers/${tenantId}/subscriptions?order_id=${encodeURIComponent(id)}`,
        order.id,
      ),
    ),
  );
  const subscriptions = lists
    .flatMap((list) => list.items)
    .map((s) => ({
      id: s.id,
      offerId: s.offerId,
      status: s.status,
      quantity: s.quantity,
      termDuration: s.termDuration ?? '',
      billingCycle: s.billingCycle ?? '',
      commitmentEndDate: s.commitmentEndDate ?? null,
    }));
  const ids = orderIds;
  if (subscriptions.length < order.items.length || subscriptions.some((s) => s.status !== 'active')) {
    await commit(deps, job, 'subscription', (locked) => ({
      order: { ...locked, progress: { ...locked.progress, partnerCenterOrderIds: ids } },
      events: [],
      commands: [],
    }));
    return { rerunInMs: Number(process.env.REF_PROVISIONING_POLL_MS ?? 20) };
  }
  deps.timeline.record(order.id, 'job', { step: 'subscription', run: job.run, outcome: 'done' });
  await commit(deps, job, 'subscription', (locked) => {
    const change = completeStep(locked, 'subscription', { progress: { partnerCenterOrderIds: ids }, portalUrl: PORTAL_URL });
    return {
      ...change,
      subscriptions,
      commands: [
        {
          jobName: 'gdap.check',
          jobId: `gdap-${locked.customerId}-order-${locked.id}`,
          data: { customerId: locked.customerId, reason: 'order_completed', correlationId: locked.id, orderId: locked.id },
        },
      ],
    };
  });
}

async function main(): Promise<() => Promise<void>> {
  const kind = required('REF_KIND');
  const pool = createPool({
    uri: required('REF_DATABASE_URL'),
    connectionLimit: Number(process.env.REF_POOL_SIZE ?? 20),
    multipleStatements: true,
  });
  const prefix = required('REF_PREFIX');
  const redisUrl = required('REF_REDIS_URL');
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  await new Promise<void>((resolve) => producer.once('ready', () => resolve()));
  const queues = new Map<string, Queue>();
  const queue = (name: string): Queue => {
    let found = queues.get(name);
    if (!found) {
      found = new Queue(name, { connection: producer, prefix });
      queues.set(name, found);
    }
    return found;
  };
  const timeline = new Timeline(pool);
  const relay = new Relay(pool, queue, Number(process.env.REF_OUTBOX_POLL_MS ?? 50));
  const channel = `${prefix}:order-events`;
  const deps: Deps = {
    pool,
    pc: new PartnerCenter(required('REF_SIM_URL'), timeline),
    relay,
    timeline,
    publish: (orderId, sequence) => void producer.publish(channel, JSON.stringify({ o: orderId, s: sequence })).catch(() => undefined),
  };
  const handlers: Record<string, (job: { orderId: string; run: number }) => Promise<{ rerunInMs: number } | void>> =
    kind === 'mca'
      ? { 'order.mca': (job) => mcaStep(deps, job) }
      : { 'order.account': (job) => accountStep(deps, job), 'order.subscription': (job) => subscriptionStep(deps, job) };
  const worker = new Worker(
    kind,
    async (job: Job, token?: string) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for ${job.name}`);
      const outcome = await handler({ orderId: String(job.data.orderId), run: Number(job.data.run) });
      if (outcome) {
        await job.moveToDelayed(Date.now() + Math.max(1, outcome.rerunInMs), token);
        throw new DelayedError();
      }
    },
    {
      connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
      prefix,
      concurrency: Number(process.env.REF_CONCURRENCY ?? 100),
      lockDuration: 30_000,
      stalledInterval: 30_000,
      maxStalledCount: 5,
    },
  );
  worker.on('error', () => undefined);
  relay.start();
  process.stdout.write(`reference-worker-${kind} ready\n`);
  return async (): Promise<void> => {
    await worker.close();
    await relay.stop();
    await timeline.flush();
    await Promise.all([...queues.values()].map((q) => q.close().catch(() => undefined)));
    producer.disconnect();
    await pool.end();
  };
}

runReferenceProcess(main);
