/*
 * Chaos harness (issue 7): orders flow through the real processes while faults are injected; the
 * harness keeps its own ledger of every order the API accepted (202) and checks at the end that each
 * one is terminal, that no order checked out twice in the simulator, and that every order event
 * reached the partner's (flaky) webhook receiver.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { JOB_TO_QUEUE, ORDER_STEP_JOBS } from '../../libs/contracts/src';
import {
  type PrivateMariaDb,
  type PrivateRedis,
  type TestStack,
  startPrivateMariaDb,
  startPrivateRedis,
  startTestStack,
} from '../../libs/testing/src';
import { type ChangeReport, ChaosChangeDriver, formatChangeReport } from './subscription-changes';
import { Supervised } from './supervisor';
import { type ChaosWebhookReceiver, seededRandom, startChaosWebhookReceiver } from './webhook-receiver';

const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const JOB_LOCK_MS = 4_000;
const TIME_SCALE = 5;

export const FAULT_KINDS = [
  'kill-worker-subscription',
  'sim-429',
  'sim-patch-timeout',
  'kill-api',
  'restart-redis',
  'stop-worker-subscription',
  'sim-checkout-timeout',
  'restart-mariadb',
  'kill-worker-mca',
  'sim-503',
  'kill-worker-notifications',
  'sim-latency',
  'sim-500',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosOptions {
  orders: number;
  ratePerSecond: number;
  /** Number of faults, spread over the load (kinds taken in turn from `faultKinds`). */
  faults: number;
  faultKinds?: readonly FaultKind[];
  seed?: number;
  /** Share of orders whose customer never accepts the reseller relationship / the MCA: they must fail (PARK_EXPIRED). */
  failingShare?: number;
  /** How long a simulator fault window lasts. */
  simFaultWindowMs?: number;
  /** Give up waiting for terminal orders this long after the last fault. */
  drainTimeoutMs?: number;
  /** Give up waiting for webhook deliveries this long after the orders drained. */
  webhookTimeoutMs?: number;
  /** Subscription changes posted during the faults on subscriptions the orders created (issue 17); 0 = none. */
  changes?: number;
  /** Spread the changes over this long from the start of the load (default twice the load's length). */
  changeSpanMs?: number;
  log?: (line: string) => void;
}

export interface FaultRecord {
  kind: FaultKind;
  target: string;
  startedAtS: number;
  durationMs: number;
  note?: string;
}

export interface ChaosReport {
  options: Omit<ChaosOptions, 'log'>;
  startedAt: string;
  accepted: number;
  rejected: { total: number; byStatus: Record<string, number>; samples: string[] };
  /** Submissions that never got an answer before the harness gave up. */
  unanswered: number;
  /** Requests the harness repeated (same Idempotency-Key) after no answer, 409, 429 or 5xx. */
  submissionRetries: number;
  completed: number;
  failed: { total: number; byReason: Record<string, number> };
  cancelled: number;
  lost: number;
  lostOrders: Array<{ id: string; status: string; step: string | null; delay: unknown; diagnosis?: unknown }>;
  /** Orders in the database the harness never got a 202 for. */
  unacknowledgedInDatabase: number;
  checkouts: {
    duplicateCheckouts: number;
    ordersWithMoreThanOneCheckout: number;
    completedWithoutCheckout: number;
    total: number;
    duplicates: Array<{ correlationId: string; cartId: string; requestId: string; at: string }>;
  };
  webhooks: {
    expectedEvents: number;
    delivered: number;
    missing: number;
    missingSamples: string[];
    requests: number;
    answered500: number;
    /** Events the receiver would process twice even after deduping by webhook-id: one event under several ids, or one id with several bodies. */
    duplicatesAfterDedupe: number;
    /** webhook-ids answered 2xx more than once: at-least-once redelivery (a crash between the 2xx and its commit), removed by the webhook-id dedupe. */
    redeliveredAfter2xx: number;
    redeliveredSamples: Array<{ webhookId: string; okAtS: number[] }>;
    idsWithConflictingBodies: number;
    unverified: number;
    deliveriesByStatus: Record<string, number>;
    /** Of the events not answered 2xx within the wait: how many have a retry scheduled, and how many none (lost). */
    scheduledForRetry: number;
    unscheduled: number;
  };
  /** Present when the run posted subscription changes. */
  changes?: ChangeReport;
  faults: FaultRecord[];
  restarts: Record<string, number>;
  timings: {
    seedSeconds: number;
    loadSeconds: number;
    lastFaultEndedAtS: number;
    allTerminal: boolean;
    drainSecondsAfterLastFault: number | null;
    webhooksDrainedSecondsAfterLastFault: number | null;
    totalSeconds: number;
  };
}

interface LedgerEntry {
  index: number;
  key: string;
  body: string;
  orderId?: string;
  rejected?: string;
  unanswered?: boolean;
  retries: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/**
 * Process settings for the run: short locks, reconciler and parks, so recovery fits in minutes.
 * TIME_SCALE must be the same in every process: any process's outbox relay may publish any command,
 * with back-off divided by its own TIME_SCALE (a process at 100 made a parked order's job burn its 8
 * attempts within one MariaDB restart). 5 compresses the webhook schedule (0, 1 s, 60 s, 6 min, ...)
 * and step back-off (0.4 s, 0.8 s, ... 25 to 50 s over 8 attempts, longer than a MariaDB restart).
 */
function chaosEnv(): Record<string, string> {
  return {
    LOG_LEVEL: 'error',
    TIME_SCALE: String(TIME_SCALE),
    JOB_LOCK_MS: String(JOB_LOCK_MS),
    RECONCILE_INTERVAL_MS: '2000',
    RECONCILE_STALE_MS: '10000',
    IDEMPOTENCY_LOCK_SECONDS: '5',
    PC_TIMEOUT_MS: '1500',
    PC_BREAKER_RESET_MS: '2000',
    PC_BREAKER_WINDOW_MS: '5000',
    // Divided by TIME_SCALE: re-checks of parked orders every 1–3 s.
    RECHECK_BASE_MS: String(1_000 * TIME_SCALE),
    RECHECK_MAX_MS: String(3_000 * TIME_SCALE),
    PARK_LIMIT_MS: '10000',
    PROVISIONING_POLL_MS: '50',
    WORKER_CONCURRENCY: '50',
    WEBHOOK_FANOUT_POLL_MS: '100',
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 7;
  const random = seededRandom(seed);
  const kinds = options.faultKinds ?? FAULT_KINDS;
  const windowMs = options.simFaultWindowMs ?? 5_000;
  const runStarted = Date.now();
  const since = (): number => Math.round((Date.now() - runStarted) / 100) / 10;

  let redis: PrivateRedis | null = null;
  let maria: PrivateMariaDb | null = null;
  let stack: TestStack | null = null;
  let receiver: ChaosWebhookReceiver | null = null;
  const slots: Supervised[] = [];
  try {
    redis = await startPrivateRedis();
    maria = await startPrivateMariaDb();
    log(`private redis ${redis.url}, private mariadb ${maria.serverUrl}`);
    stack = await startTestStack({
      label: 'chaos',
      redisUrl: redis.url,
      mysqlServerUrl: maria.serverUrl,
      withoutApi: true,
      env: chaosEnv(),
    });
    const env = stack.env;
    const slot = (name: string, app: string, extra: Record<string, string> = {}): Supervised => {
      const supervised = new Supervised(name, app, { ...env, ...extra }, log);
      slots.push(supervised);
      return supervised;
    };
    const apis = [slot('api-1', 'api'), slot('api-2', 'api')];
    const subscriptionWorkers = [
      slot('worker-subscription-1', 'worker-subscription'),
      slot('worker-subscription-2', 'worker-subscription'),
    ];
    const mcaWorker = slot('worker-mca', 'worker-mca');
    const notificationsWorker = slot('worker-notifications', 'worker-notifications');
    await Promise.all(slots.map((supervised) => supervised.start()));
    log(`processes up: ${slots.map((supervised) => `${supervised.slot}(${supervised.pid})`).join(', ')}`);

    // Partner webhook endpoint → the flaky receiver (created before any order: it gets every event).
    receiver = await startChaosWebhookReceiver({ seed: seed + 1, maxFailuresInARow: 2 });
    const partnerKey = stack.credentials.partners.direct.apiKey;
    const partnerId = stack.credentials.partners.direct.id;
    const endpoint = await fetch(`${apis[0].url}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url }),
    });
    if (endpoint.status !== 201) throw new Error(`webhook endpoint: ${endpoint.status} ${await endpoint.text()}`);
    receiver.secret = ((await endpoint.json()) as { secret: string }).secret;

    // Each order has its own customer and Microsoft tenant; a share of them never get past a park.
    const seedStarted = Date.now();
    const failingShare = options.failingShare ?? 0.1;
    const plans = Array.from({ length: options.orders }, (_, index) => {
      const roll = random();
      const tenant = roll < failingShare / 2 ? { relationship: false } : roll < failingShare ? { mca: 'missing' } : { mca: 'valid' };
      return { index, customerId: randomUUID(), domain: `c${randomUUID().replace(/-/g, '').slice(0, 20)}.onmicrosoft.com`, tenant };
    });
    for (const chunk of chunks(plans, 500)) {
      await stack.db.dataSource.query(
        `INSERT INTO customers (id, partner_id, name, created_at, updated_at) VALUES ${chunk.map(() => '(?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))').join(',')}`,
        chunk.flatMap((plan) => [plan.customerId, partnerId, plan.domain]),
      );
      await Promise.all(
        chunk.map(async (plan) => {
          const response = await fetch(`${stack!.simUrl}/_sim/tenants`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ domain: plan.domain, ...plan.tenant }),
          });
          if (response.status !== 201) throw new Error(`sim tenant: ${response.status} ${await response.text()}`);
        }),
      );
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`seeded ${plans.length} customers and tenants in ${seedSeconds.toFixed(1)} s`);

    // The ledger: one entry per order the harness submits, keyed by its Idempotency-Key.
    const ledger: LedgerEntry[] = plans.map((plan) => ({
      index: plan.index,
      key: randomUUID(),
      retries: 0,
      body: JSON.stringify({
        customerId: plan.customerId,
        items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1 + (plan.index % 5), termDuration: 'P1Y', billingCycle: 'monthly' }],
        account: { type: 'existing', domain: plan.domain, relationshipConfirmed: true },
        termsAccepted: true,
      }),
    }));
    let roundRobin = 0;
    const liveApi = (): string | null => {
      for (let tried = 0; tried < apis.length; tried += 1) {
        const url = apis[roundRobin++ % apis.length].url;
        if (url) return url;
      }
      return null;
    };
    const loadStarted = Date.now();
    const loadSeconds = options.orders / options.ratePerSecond;
    const submitDeadline = loadStarted + loadSeconds * 1000 + 180_000;
    // Until it gets an answer: no answer, 409 (a crashed request still holds the key), 429 and 5xx
    // are retried with the same Idempotency-Key, so a 202 is counted once whatever happened.
    const submit = async (entry: LedgerEntry): Promise<void> => {
      for (let attempt = 0; ; attempt += 1) {
        if (attempt > 0) {
          entry.retries += 1;
          if (Date.now() > submitDeadline) {
            entry.unanswered = true;
            return;
          }
          await sleep(Math.min(2_000, 100 * attempt));
        }
        const url = liveApi();
        if (!url) continue;
        try {
          const response = await fetch(`${url}/v1/orders`, {
            method: 'POST',
            headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json', 'idempotency-key': entry.key },
            body: entry.body,
            signal: AbortSignal.timeout(20_000),
          });
          const text = await response.text();
          if (response.status === 202) {
            entry.orderId = (JSON.parse(text) as { id: string }).id;
            return;
          }
          if (response.status === 409 || response.status === 429 || response.status >= 500) continue;
          entry.rejected = `${response.status} ${text.slice(0, 300)}`;
          return;
        } catch {
          // No answer (process killed, connection refused or reset, timeout): ask again.
        }
      }
    };

    // Faults, spread over the load, one at a time.
    const faults: FaultRecord[] = [];
    let lastFaultEnded = Date.now();
    const simFaults = async (rules: unknown[] | null): Promise<void> => {
      const response = await fetch(
        `${stack!.simUrl}/_sim/faults`,
        rules ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) } : { method: 'DELETE' },
      );
      if (response.status >= 300) throw new Error(`sim faults: ${response.status} ${await response.text()}`);
    };
    const simWindow = async (rules: unknown[]): Promise<string> => {
      await simFaults(rules);
      await sleep(windowMs);
      await simFaults(null);
      return `${windowMs} ms window`;
    };
    const kill = async (target: Supervised): Promise<string> => {
      const { before, after } = await target.killAndWait();
      return `pid ${before} SIGKILL, back as pid ${after}`;
    };
    // Each kind of fault takes its targets in turn (api-1, api-2, api-1, ...).
    const turns = new Map<FaultKind, number>();
    const inject = async (kind: FaultKind): Promise<FaultRecord> => {
      const started = Date.now();
      const turn = turns.get(kind) ?? 0;
      turns.set(kind, turn + 1);
      const alternate = <T>(items: T[]): T => items[turn % items.length];
      let target: string = kind;
      let note = '';
      switch (kind) {
        case 'kill-worker-subscription': {
          const victim = alternate(subscriptionWorkers);
          target = victim.slot;
          note = await kill(victim);
          break;
        }
        case 'kill-worker-mca':
          target = mcaWorker.slot;
          note = await kill(mcaWorker);
          break;
        case 'kill-worker-notifications':
          target = notificationsWorker.slot;
          note = await kill(notificationsWorker);
          break;
        case 'kill-api': {
          const victim = alternate(apis);
          target = victim.slot;
          note = await kill(victim);
          break;
        }
        case 'stop-worker-subscription': {
          // The other worker than the first kill's, so both processes get a fault in a short run.
          const victim = subscriptionWorkers[(turn + 1) % subscriptionWorkers.length];
          target = victim.slot;
          const stoppedMs = JOB_LOCK_MS * 2 + 1_000;
          victim.signal('SIGSTOP');
          await sleep(stoppedMs);
          victim.signal('SIGCONT');
          note = `SIGSTOP ${stoppedMs} ms (job lock ${JOB_LOCK_MS} ms), then SIGCONT`;
          break;
        }
        case 'restart-redis':
          target = `redis :${redis!.port}`;
          await redis!.stop();
          await sleep(1_000);
          await redis!.start();
          note = 'SIGKILL (no persistence: every queued job lost), started again after 1 s';
          break;
        case 'restart-mariadb': {
          target = `mariadb :${maria!.port}`;
          await maria!.stop('kill');
          await sleep(1_000);
          const down = Date.now();
          await maria!.start();
          note = `SIGKILL, started again after 1 s, crash recovery ${Date.now() - down} ms`;
          break;
        }
        case 'sim-429':
          note = await simWindow([{ path: '^/v1/', kind: '429', probability: 0.3, retryAfterSeconds: 1 }]);
          break;
        case 'sim-503':
          note = await simWindow([{ path: '^/v1/', kind: '503', probability: 0.3, retryAfterSeconds: 1 }]);
          break;
        case 'sim-500':
          note = await simWindow([{ path: '^/v1/', kind: '500', probability: 0.3 }]);
          break;
        case 'sim-checkout-timeout':
          note = await simWindow([{ method: 'POST', path: '/checkout$', kind: 'timeout', probability: 0.5, latencyMs: 2_500 }]);
          break;
        case 'sim-patch-timeout':
          // Subscription PATCHes commit, then the reply never comes: the engine must read back or replay.
          note = await simWindow([{ method: 'PATCH', path: '/subscriptions/', kind: 'timeout', probability: 0.8, latencyMs: 2_500 }]);
          break;
        case 'sim-latency':
          note = await simWindow([{ path: '^/v1/', kind: 'latency', probability: 0.5, latencyMs: 800 }]);
          break;
      }
      lastFaultEnded = Date.now();
      return { kind, target, startedAtS: Math.round((started - runStarted) / 100) / 10, durationMs: Date.now() - started, note };
    };
    const faultPlan = Array.from({ length: options.faults }, (_, index) => kinds[index % kinds.length]);
    const faultRun = (async () => {
      const spacing = (loadSeconds * 1000) / (faultPlan.length + 1);
      for (const [index, kind] of faultPlan.entries()) {
        const due = loadStarted + spacing * (index + 1);
        if (due > Date.now()) await sleep(due - Date.now());
        const record = await inject(kind);
        faults.push(record);
        log(
          `fault ${index + 1}/${faultPlan.length} at ${record.startedAtS}s: ${record.kind} ${record.target} (${record.durationMs} ms) ${record.note ?? ''}`,
        );
      }
    })();

    // Subscription changes on the orders' subscriptions, while the faults go on (issue 17).
    const changeDriver =
      (options.changes ?? 0) > 0
        ? new ChaosChangeDriver(
            {
              liveApi,
              apiKey: partnerKey,
              simUrl: stack.simUrl,
              query: async <T>(sql: string, params: unknown[]): Promise<T[]> => (await stack!.db.dataSource.query(sql, params)) as T[],
              log,
            },
            options.changes ?? 0,
          )
        : null;
    const changeSpanMs = options.changeSpanMs ?? (options.orders / options.ratePerSecond) * 2_000;
    const changeRun =
      changeDriver?.run(() => ledger.filter((entry) => entry.orderId).map((entry) => entry.orderId as string), changeSpanMs) ??
      Promise.resolve();

    // Open-loop load at the chosen rate (at most 64 submissions in flight).
    const inflight = new Set<Promise<void>>();
    for (const entry of ledger) {
      const due = loadStarted + (entry.index * 1000) / options.ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      while (inflight.size >= 64) await Promise.race(inflight);
      const task = submit(entry).finally(() => inflight.delete(task));
      inflight.add(task);
      if (entry.index > 0 && entry.index % Math.max(1, Math.round(options.ratePerSecond * 10)) === 0)
        log(`${since()}s: submitted ${entry.index}, accepted ${ledger.filter((item) => item.orderId).length}`);
    }
    await Promise.all(inflight);
    const loadEnded = Date.now();
    log(`load done in ${((loadEnded - loadStarted) / 1000).toFixed(1)} s; waiting for the remaining faults`);
    await faultRun;
    const drainFrom = lastFaultEnded;
    log(`last fault ended at ${((drainFrom - runStarted) / 1000).toFixed(1)} s; draining`);

    // Drain: every accepted order terminal (read from MySQL, the source of truth).
    const accepted = ledger.filter((entry) => entry.orderId);
    const acceptedIds = accepted.map((entry) => entry.orderId as string);
    const query = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return (await stack!.db.dataSource.query(sql, params)) as T[];
        } catch (error) {
          if (attempt >= 20) throw error;
          await sleep(500);
        }
      }
    };
    type OrderRow = { id: string; status: string; step: string | null; failure_code: string | null; delay: unknown };
    const readOrders = async (): Promise<OrderRow[]> => {
      const rows: OrderRow[] = [];
      for (const ids of chunks(acceptedIds, 1000))
        rows.push(
          ...(await query<OrderRow>(
            `SELECT id, status, step, failure_code, delay FROM orders WHERE id IN (${ids.map(() => '?').join(',')})`,
            ids,
          )),
        );
      return rows;
    };
    const drainDeadline = drainFrom + (options.drainTimeoutMs ?? 300_000);
    let rows = await readOrders();
    let drainedAt: number | null = null;
    for (;;) {
      const open = acceptedIds.length - rows.filter((row) => TERMINAL.has(row.status)).length;
      if (open === 0) {
        drainedAt = Date.now();
        break;
      }
      if (Date.now() > drainDeadline) break;
      await sleep(1_000);
      rows = await readOrders();
      if (Math.round((Date.now() - drainFrom) / 1000) % 10 === 0) log(`${since()}s: ${open} accepted orders not terminal yet`);
    }
    log(
      drainedAt ? `every accepted order terminal ${((drainedAt - drainFrom) / 1000).toFixed(1)} s after the last fault` : 'drain timed out',
    );
    changeDriver?.stop();
    await changeRun;
    let changes: ChangeReport | undefined;
    if (changeDriver) {
      const changesDrained = await changeDriver.drain(Date.now() + (options.drainTimeoutMs ?? 300_000));
      changes = await changeDriver.report(changesDrained);
      log(
        `changes: ${changes.accepted} accepted, ${changes.completed} completed, ${changes.failed.total} failed, ${changes.lost} not terminal, duplicateSubscriptionChanges ${changes.duplicateSubscriptionChanges}`,
      );
    }

    // Webhooks: every event of every accepted order answered 2xx at least once.
    type EventRow = { order_id: string; sequence: number };
    const expectedEvents = async (): Promise<string[]> => {
      const ids: string[] = [];
      for (const part of chunks(acceptedIds, 1000)) {
        const events = await query<EventRow>(
          `SELECT order_id, sequence FROM order_events WHERE order_id IN (${part.map(() => '?').join(',')})`,
          part,
        );
        ids.push(...events.map((event) => `evt_${event.order_id}_${event.sequence}`));
      }
      // Subscription change events (issue 17) reach the same endpoint under `evt_sc_<change>_<sequence>`.
      for (const part of chunks(changeDriver?.acceptedIds() ?? [], 1000)) {
        const events = await query<{ change_id: string; sequence: number }>(
          `SELECT change_id, sequence FROM subscription_change_events WHERE change_id IN (${part.map(() => '?').join(',')})`,
          part,
        );
        ids.push(...events.map((event) => `evt_sc_${event.change_id}_${event.sequence}`));
      }
      return ids;
    };
    const webhookDeadline = Date.now() + (options.webhookTimeoutMs ?? 180_000);
    let expected = await expectedEvents();
    let missing = expected.filter((id) => !(receiver!.ids.get(id)?.ok ?? 0));
    let webhooksDrainedAt: number | null = null;
    while (missing.length > 0 && Date.now() < webhookDeadline) {
      await sleep(2_000);
      expected = await expectedEvents();
      missing = expected.filter((id) => !(receiver!.ids.get(id)?.ok ?? 0));
      if (Math.round((Date.now() - drainFrom) / 1000) % 10 < 2)
        log(`${since()}s: ${missing.length} of ${expected.length} events not yet delivered`);
    }
    if (missing.length === 0) webhooksDrainedAt = Date.now();
    // A short quiet period: a late redelivery of something already answered 2xx would show now.
    await sleep(2_000);
    // Events not answered 2xx within the wait: each must still have a delivery scheduled for a retry
    // (the receiver answers 500 on purpose, and the retry schedule outlasts a short wait); none may be unscheduled.
    missing = expected.filter((id) => !(receiver!.ids.get(id)?.ok ?? 0));
    let scheduledForRetry = 0;
    for (const part of chunks(missing, 1000)) {
      const rows = await query<{ n: number }>(
        `SELECT COUNT(DISTINCT message_id) AS n FROM webhook_deliveries WHERE message_id IN (${part.map(() => '?').join(',')}) AND status = 'pending'`,
        part,
      );
      scheduledForRetry += Number(rows[0]?.n ?? 0);
    }
    const deliveriesByStatus: Record<string, number> = {};
    for (const row of await query<{ status: string; n: number }>(
      'SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status',
      [],
    ))
      deliveriesByStatus[row.status] = Number(row.n);

    // The simulator's checkout ledger.
    const simLedger = (await (await fetch(`${stack.simUrl}/_sim/ledger?requests=false`)).json()) as {
      checkouts: Array<{ correlationId: string; cartId: string; requestId: string; at: string }>;
      duplicateCheckouts: number;
    };
    const checkoutsPerOrder = new Map<string, number>();
    for (const checkout of simLedger.checkouts)
      checkoutsPerOrder.set(checkout.correlationId, (checkoutsPerOrder.get(checkout.correlationId) ?? 0) + 1);

    rows = await readOrders();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const failedByReason: Record<string, number> = {};
    for (const row of rows.filter((item) => item.status === 'failed'))
      failedByReason[row.failure_code ?? 'unknown'] = (failedByReason[row.failure_code ?? 'unknown'] ?? 0) + 1;
    const lostRows = acceptedIds.map((id) => byId.get(id)).filter((row) => !row || !TERMINAL.has(row.status));
    const [{ n: inDatabase }] = await query<{ n: number }>('SELECT COUNT(*) AS n FROM orders', []);
    const rejectedByStatus: Record<string, number> = {};
    for (const entry of ledger.filter((item) => item.rejected))
      rejectedByStatus[entry.rejected!.slice(0, 3)] = (rejectedByStatus[entry.rejected!.slice(0, 3)] ?? 0) + 1;
    const records = [...receiver.ids.values()];
    const idsPerEvent = new Map<string, number>();
    for (const record of records) idsPerEvent.set(record.event, (idsPerEvent.get(record.event) ?? 0) + 1);
    // What MySQL and Redis say about orders that never became terminal (the report's first clue).
    const diagnose = async (id: string): Promise<unknown> => {
      const [order] = await query<{
        status: string;
        step: keyof typeof ORDER_STEP_JOBS | null;
        run: number;
        updated_at: Date;
        parked_at: Date | null;
        delay: unknown;
      }>('SELECT status, step, run, updated_at, parked_at, delay FROM orders WHERE id = ?', [id]);
      const timeline = await query<{ at: Date; kind: string; data: unknown }>(
        'SELECT at, kind, data FROM order_timeline WHERE order_id = ? ORDER BY id DESC LIMIT 8',
        [id],
      );
      const events = await query<{ sequence: number; type: string; occurred_at: Date }>(
        'SELECT sequence, type, occurred_at FROM order_events WHERE order_id = ? ORDER BY sequence',
        [id],
      );
      const outbox = await query<Record<string, unknown>>('SELECT * FROM outbox WHERE job_id LIKE ?', [`%${id}%`]).catch((error: Error) => [
        { error: error.message },
      ]);
      let job: unknown = null;
      if (order?.step) {
        const connection = new IORedis(redis!.url, { maxRetriesPerRequest: 1 });
        const queue = new Queue(JOB_TO_QUEUE[ORDER_STEP_JOBS[order.step]], { connection, prefix: stack!.queuePrefix });
        try {
          const jobId = `${order.step}-${id}-${order.run}`;
          const found = await queue.getJob(jobId);
          job = {
            jobId,
            state: await queue.getJobState(jobId),
            attemptsMade: found?.attemptsMade,
            failedReason: found?.failedReason,
            delay: found?.delay,
            timestamp: found?.timestamp,
            processedOn: found?.processedOn,
            finishedOn: found?.finishedOn,
          };
        } finally {
          await queue.close();
          connection.disconnect();
        }
      }
      return { order, job, events, outbox, timeline };
    };
    const lostDiagnoses = new Map<string, unknown>();
    for (const row of lostRows.slice(0, 5))
      if (row) lostDiagnoses.set(row.id, await diagnose(row.id).catch((error: Error) => ({ error: error.message })));
    const restarts: Record<string, number> = {};
    for (const supervised of slots) restarts[supervised.slot] = supervised.restarts;

    const { log: _ignored, ...reportedOptions } = options;
    return {
      options: { ...reportedOptions, seed, faultKinds: kinds },
      startedAt: new Date(runStarted).toISOString(),
      accepted: accepted.length,
      rejected: {
        total: ledger.filter((entry) => entry.rejected).length,
        byStatus: rejectedByStatus,
        samples: ledger
          .filter((entry) => entry.rejected)
          .slice(0, 5)
          .map((entry) => entry.rejected!),
      },
      unanswered: ledger.filter((entry) => entry.unanswered).length,
      submissionRetries: ledger.reduce((sum, entry) => sum + entry.retries, 0),
      completed: rows.filter((row) => row.status === 'completed').length,
      failed: { total: rows.filter((row) => row.status === 'failed').length, byReason: failedByReason },
      cancelled: rows.filter((row) => row.status === 'cancelled').length,
      lost: lostRows.length,
      lostOrders: lostRows.slice(0, 20).map((row) => ({
        id: row?.id ?? '?',
        status: row?.status ?? 'absent',
        step: row?.step ?? null,
        delay: row?.delay ?? null,
        diagnosis: row ? lostDiagnoses.get(row.id) : undefined,
      })),
      unacknowledgedInDatabase: Number(inDatabase) - acceptedIds.length,
      checkouts: {
        duplicateCheckouts: simLedger.duplicateCheckouts,
        ordersWithMoreThanOneCheckout: acceptedIds.filter((id) => (checkoutsPerOrder.get(id) ?? 0) > 1).length,
        completedWithoutCheckout: rows.filter((row) => row.status === 'completed' && !checkoutsPerOrder.has(row.id)).length,
        total: simLedger.checkouts.length,
        // Every committed checkout of a correlation id checked out more than once (the first clue to a duplicate).
        duplicates: simLedger.checkouts.filter((checkout) => (checkoutsPerOrder.get(checkout.correlationId) ?? 0) > 1).slice(0, 20),
      },
      webhooks: {
        expectedEvents: expected.length,
        delivered: expected.length - missing.length,
        missing: missing.length,
        scheduledForRetry,
        unscheduled: missing.length - scheduledForRetry,
        missingSamples: missing.slice(0, 10),
        requests: receiver.requests,
        answered500: receiver.answeredError,
        duplicatesAfterDedupe:
          [...idsPerEvent.values()].filter((n) => n > 1).length + records.filter((record) => record.bodies.size > 1).length,
        redeliveredAfter2xx: records.reduce((sum, record) => sum + Math.max(0, record.ok - 1), 0),
        redeliveredSamples: [...receiver.ids.entries()]
          .filter(([, record]) => record.ok > 1)
          .slice(0, 10)
          .map(([webhookId, record]) => ({ webhookId, okAtS: record.okAt.map((at) => Math.round((at - runStarted) / 100) / 10) })),
        idsWithConflictingBodies: records.filter((record) => record.bodies.size > 1).length,
        unverified: receiver.unverified,
        deliveriesByStatus,
      },
      changes,
      faults,
      restarts,
      timings: {
        seedSeconds,
        loadSeconds: (loadEnded - loadStarted) / 1000,
        lastFaultEndedAtS: (drainFrom - runStarted) / 1000,
        allTerminal: drainedAt !== null,
        drainSecondsAfterLastFault: drainedAt === null ? null : Math.max(0, (drainedAt - drainFrom) / 1000),
        webhooksDrainedSecondsAfterLastFault: webhooksDrainedAt === null ? null : Math.max(0, (webhooksDrainedAt - drainFrom) / 1000),
        totalSeconds: (Date.now() - runStarted) / 1000,
      },
    };
  } finally {
    await Promise.all(slots.map((supervised) => supervised.stop().catch(() => undefined)));
    await receiver?.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await maria?.destroy().catch(() => undefined);
  }
}

/** The report as Markdown tables (the closing note of issue 7 quotes them). */
export function formatReport(report: ChaosReport): string {
  const failedReasons =
    Object.entries(report.failed.byReason)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || '–';
  const lines = [
    `Chaos run: ${report.options.orders} orders offered at ${report.options.ratePerSecond}/s, ${report.faults.length} faults, seed ${report.options.seed}`,
    '',
    '| accepted | completed | failed (reason) | cancelled | lost | rejected | unanswered | duplicate checkouts | duplicate webhook deliveries after dedupe | webhook-ids answered 2xx twice | webhook events delivered | drain after last fault |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${report.accepted} | ${report.completed} | ${report.failed.total} (${failedReasons}) | ${report.cancelled} | ${report.lost} | ${report.rejected.total} | ${report.unanswered} | ${report.checkouts.duplicateCheckouts} | ${report.webhooks.duplicatesAfterDedupe} | ${report.webhooks.redeliveredAfter2xx} | ${report.webhooks.delivered}/${report.webhooks.expectedEvents} | ${report.timings.drainSecondsAfterLastFault === null ? 'not drained' : `${report.timings.drainSecondsAfterLastFault.toFixed(1)} s`} |`,
    '',
    `Submissions retried with the same Idempotency-Key: ${report.submissionRetries}; orders in the database without a 202 at the harness: ${report.unacknowledgedInDatabase}.`,
    `Checkouts: ${report.checkouts.total} in the simulator ledger; orders with more than one: ${report.checkouts.ordersWithMoreThanOneCheckout}; completed without one: ${report.checkouts.completedWithoutCheckout}.${report.checkouts.duplicates.length > 0 ? ` Checked out more than once (correlation id, cart, MS-RequestId, at): ${report.checkouts.duplicates.map((checkout) => `${checkout.correlationId} ${checkout.cartId} ${checkout.requestId} ${checkout.at}`).join('; ')}.` : ''}`,
    `Webhooks: ${report.webhooks.requests} requests, ${report.webhooks.answered500} answered 500, unverified signatures ${report.webhooks.unverified}, ids with conflicting bodies ${report.webhooks.idsWithConflictingBodies}; ${report.timings.webhooksDrainedSecondsAfterLastFault === null ? `${report.webhooks.delivered}/${report.webhooks.expectedEvents} events answered 2xx within the ${Math.round((report.options.webhookTimeoutMs ?? 180_000) / 1000)} s wait; the other ${report.webhooks.missing} have their next attempt scheduled by the retry schedule (${report.webhooks.scheduledForRetry}) or none (${report.webhooks.unscheduled}, lost)` : `all delivered ${report.timings.webhooksDrainedSecondsAfterLastFault.toFixed(1)} s after the last fault`}; deliveries ${JSON.stringify(report.webhooks.deliveriesByStatus)}.`,
    `Timings: seed ${report.timings.seedSeconds.toFixed(1)} s, load ${report.timings.loadSeconds.toFixed(1)} s, last fault ended at ${report.timings.lastFaultEndedAtS.toFixed(1)} s, total ${report.timings.totalSeconds.toFixed(1)} s. Restarts: ${Object.entries(
      report.restarts,
    )
      .map(([slot, n]) => `${slot} ${n}`)
      .join(', ')}.`,
    '',
    '| # | at (s) | fault | target | duration (ms) | note |',
    '|---|---|---|---|---|---|',
    ...report.faults.map(
      (fault, index) =>
        `| ${index + 1} | ${fault.startedAtS} | ${fault.kind} | ${fault.target} | ${fault.durationMs} | ${fault.note ?? ''} |`,
    ),
  ];
  if (report.changes) lines.push(...formatChangeReport(report.changes));
  if (report.lost > 0) lines.push('', `Lost orders (first ${report.lostOrders.length}): ${JSON.stringify(report.lostOrders)}`);
  if (report.webhooks.redeliveredAfter2xx > 0)
    lines.push(
      '',
      `webhook-ids answered 2xx more than once (s since start of each 2xx): ${JSON.stringify(report.webhooks.redeliveredSamples)}`,
    );
  if (report.webhooks.missing > 0)
    lines.push(
      '',
      `Undelivered webhook events (first ${report.webhooks.missingSamples.length}): ${report.webhooks.missingSamples.join(', ')}`,
    );
  return lines.join('\n');
}
