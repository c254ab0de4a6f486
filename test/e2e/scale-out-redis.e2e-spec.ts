import {
  ApiClient,
  type PrivateRedisCluster,
  type PrivateRedisSentinel,
  type TestStack,
  startPrivateRedisCluster,
  startPrivateRedisSentinel,
  startTestStack,
  waitFor,
} from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from './support/orders.fixture';
import { type EventStream, type WebhookReceiver, openEventStream, startWebhookReceiver } from './support/notifications.support';
import { simLedger, simTenant, waitForOrder } from './support/provisioning';

jest.setTimeout(240_000);
const started = Date.now();
const progress = (what: string): void => {
  if (process.env.SCALE_OUT_DEBUG) process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}\n`);
};

const WORKERS = ['worker-subscription', 'worker-mca', 'worker-gdap', 'worker-notifications'];
const FAST = {
  RECHECK_BASE_MS: '200',
  RECHECK_MAX_MS: '1000',
  PROVISIONING_POLL_MS: '50',
  JOB_LOCK_MS: '5000',
  RECONCILE_INTERVAL_MS: '1000',
  RECONCILE_STALE_MS: '5000',
};

interface Topology {
  /** Stack environment that points at the topology. */
  env(): Record<string, string>;
  /** Kills the master serving the queues (the hash-tagged prefix in a cluster); returns what to wait for. */
  killQueueMaster(queuePrefix: string): Promise<() => boolean>;
}

/**
 * Orders flow while the Redis master serving the queues is SIGKILLed and a replica takes over: 6 orders
 * before, 4 while the master is dead (accepted into MySQL; the outbox publishes them after the failover),
 * 4 after. Every order completes with exactly one checkout; SSE streams opened before the failover and an
 * order.completed webhook per order still arrive.
 */
function failoverScenario(label: string, topology: () => Topology): void {
  let stack: TestStack;
  let partner: ApiClient;
  let partnerKey: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    stack = await startTestStack({ label, workers: WORKERS, env: { ...FAST, ...topology().env() } });
    partnerKey = stack.credentials.partners.direct.apiKey;
    partner = new ApiClient(stack.apiUrl).as(partnerKey);
    receiver = await startWebhookReceiver();
    const endpoint = await partner.post<{ secret: string }>('/v1/webhook-endpoints', {
      url: receiver.url,
      eventTypes: ['order.completed'],
    });
    expect(endpoint.status).toBe(201);
    receiver.secrets.push(endpoint.body.secret);
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  async function order(): Promise<string> {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    // One customer per order: a customer is linked to one Microsoft tenant.
    const customer = await partner.post<{ id: string }>('/v1/customers', { name: `Scale ${tenant.domain.slice(0, 12)}` });
    const body = existingAccountOrder(customer.body.id, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
    });
    const key = idempotencyKey();
    let last = '';
    // A client retries with the same Idempotency-Key until it gets an answer.
    const response = await waitFor(
      async () => {
        const attempt = await partner.post('/v1/orders', body, { 'idempotency-key': key });
        last = `${attempt.status} ${attempt.text.slice(0, 300)}`;
        return attempt.status === 202 ? attempt : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the order to be accepted' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer: ${last}`);
    });
    return response.body.id as string;
  }

  it('loses no order, checks out none twice, and still delivers SSE events and webhooks', async () => {
    const before = await Promise.all(Array.from({ length: 6 }, () => order()));
    const streams: EventStream[] = await Promise.all(before.slice(0, 2).map((id) => openEventStream(stack.apiUrl, partnerKey, id)));
    const failedOver = await topology().killQueueMaster(stack.queuePrefix);
    progress(`${label}: 6 orders accepted; master killed`);
    const during = await Promise.all(Array.from({ length: 4 }, () => order()));
    progress(`${label}: 4 orders accepted while the master was dead`);
    await waitFor(failedOver, { timeoutMs: 30_000, intervalMs: 200, what: 'a replica to take over' });
    progress(`${label}: replica promoted`);
    const after = await Promise.all(Array.from({ length: 4 }, () => order()));
    const all = [...before, ...during, ...after];

    const finished = await Promise.all(
      all.map((id) => waitForOrder(partner, id, (candidate) => candidate.status === 'completed' || candidate.status === 'failed', 120_000)),
    );
    progress(`${label}: all finished`);
    expect(finished.map((entry) => entry.status)).toEqual(all.map(() => 'completed'));
    const ledger = await simLedger(stack.simUrl);
    expect(ledger.duplicateCheckouts).toBe(0);
    for (const id of all)
      expect({ id, checkouts: ledger.checkouts.filter((checkout) => checkout.correlationId === id).length }).toEqual({ id, checkouts: 1 });

    for (const stream of streams) {
      await waitFor(() => stream.events.some((event) => event.data.type === 'order.completed'), {
        timeoutMs: 60_000,
        what: 'order.completed over SSE',
      });
      stream.close();
    }
    await waitFor(
      () =>
        all.every((id) =>
          receiver.received.some((hook) => hook.verified && hook.body.includes(id) && hook.body.includes('order.completed')),
        ),
      {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: 'an order.completed webhook for every order',
      },
    );
  });
}

// A real Redis Cluster: 3 masters and 3 replicas (redis-server --cluster-enabled yes).
describe('scale-out: Redis Cluster, a master failover under load', () => {
  let cluster: PrivateRedisCluster;
  beforeAll(async () => {
    cluster = await startPrivateRedisCluster(3);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  failoverScenario('rcluster', () => ({
    env: () => ({ REDIS_CLUSTER_NODES: cluster.nodes }),
    killQueueMaster: async (queuePrefix) => {
      // Every queue key carries the hash tag {prefix}: one master serves all of them.
      const slotKey = `{${queuePrefix}}`;
      const master = cluster.masterOf(slotKey);
      cluster.kill(master);
      return () => {
        try {
          return cluster.masterOf(slotKey) !== master;
        } catch {
          return false;
        }
      };
    },
  }));
});

// Redis Sentinel: a master, a replica and three sentinels (quorum 2).
describe('scale-out: Redis Sentinel, a master failover under load', () => {
  let sentinel: PrivateRedisSentinel;
  beforeAll(async () => {
    sentinel = await startPrivateRedisSentinel();
  });
  afterAll(async () => {
    await sentinel?.stop();
  });
  failoverScenario('rsentinel', () => ({
    env: () => ({ REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_MASTER: sentinel.masterName }),
    killQueueMaster: async () => {
      const master = sentinel.masterPort();
      sentinel.kill(master);
      return () => sentinel.masterPort() !== master;
    },
  }));
});
