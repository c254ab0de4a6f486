/*
 * `npm run bench:limits`: how close the engine runs to Microsoft's throttled limit, and who gets the
 * capacity. The simulator throttles at a fixed partner rate (per resource group) with the realistic
 * profile, its latency scaled down; the engine runs with matching limits. Phases:
 *  1. idle: interactive orders one at a time-ish (the latency reference);
 *  2. batch: a batch of bulk orders (each its own customer) and, while it runs, interactive orders;
 *     parked orders (inserted as waiting for the customer) re-check all along;
 *  3. parked alone: only the parked orders' re-checks.
 * Prints a table and writes test-output/bench/limits.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Pool } from 'undici';
import { type Order, SqlOrderRepository, stepCommandToOutbox } from '../../libs/orders/src';
import { writeOutbox } from '../../libs/messaging/src';
import type { SqlExecutor } from '../../libs/persistence/src';
import { type TestStack, startPrivateRedis, startTestStack, waitFor } from '../../libs/testing/src';
import { THROTTLE_GROUPS, type ThrottleGroup, throttleTargetOf } from '../../apps/partner-center-sim/src/state/throttle.store';
import { Queue } from 'bullmq';
import { percentile } from './load';
import { BUSINESS_BASIC, type BenchCustomer, newCustomers, seedCustomers } from './pipeline';
import { ourTarget } from './end-to-end.bench';

interface LedgerRequest {
  seq: number;
  path: string;
  status: number;
  correlationId: string;
  at: string;
}

interface Settings {
  limitPerMinute: number;
  /** Window of both throttles; Microsoft's is a minute, the run shortens it so that a batch reaches steady state in seconds. */
  windowSeconds: number;
  latencyScale: number;
  bulk: number;
  interactive: number;
  parked: number;
  parkedAloneSeconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function settings(): Settings {
  const limitPerMinute = Number(process.env.BENCH_LIMIT_RPM ?? 300);
  return {
    limitPerMinute,
    windowSeconds: Number(process.env.BENCH_WINDOW_SECONDS ?? 30),
    latencyScale: Number(process.env.BENCH_LATENCY_SCALE ?? 0.05),
    bulk: Number(process.env.BENCH_BULK ?? Math.round(limitPerMinute * 0.7)),
    interactive: Number(process.env.BENCH_INTERACTIVE ?? 20),
    parked: Number(process.env.BENCH_PARKED ?? 10_000),
    parkedAloneSeconds: Number(process.env.BENCH_PARKED_SECONDS ?? 40),
  };
}

class Bench {
  private readonly pool: Pool;

  constructor(private readonly stack: TestStack) {
    this.pool = new Pool(new URL(stack.apiUrl).origin, { connections: 32 });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async submit(customer: BenchCustomer, priority: 'interactive' | 'bulk'): Promise<string> {
    const response = await this.pool.request({
      path: '/v1/orders',
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.stack.credentials.partners.direct.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        customerId: customer.id,
        items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
        account: { type: 'existing', domain: customer.domain, relationshipConfirmed: true },
        termsAccepted: true,
        priority,
      }),
    });
    const body = (await response.body.json()) as { id?: string };
    if (response.statusCode !== 202 || !body.id) throw new Error(`order refused: ${response.statusCode} ${JSON.stringify(body)}`);
    return body.id;
  }

  /** Per order: status, and ms from `origin` to its creation and to its final event (null while unfinished). */
  async durations(
    ids: string[],
    origin = new Date(0),
  ): Promise<Map<string, { status: string; createdAt: number; finishedAt: number | null }>> {
    if (ids.length === 0) return new Map();
    const at = origin.toISOString().slice(0, 23).replace('T', ' ');
    const rows: Array<{ id: string; status: string; created: string; finished: string | null }> = await this.stack.db.dataSource.query(
      `SELECT o.id, o.status, TIMESTAMPDIFF(MICROSECOND, ?, o.created_at) / 1000 AS created, TIMESTAMPDIFF(MICROSECOND, ?, MAX(e.occurred_at)) / 1000 AS finished
       FROM orders o LEFT JOIN order_events e ON e.order_id = o.id AND e.type IN ('order.completed', 'order.failed')
       WHERE o.id IN (${ids.map(() => '?').join(',')}) GROUP BY o.id, o.status, o.created_at`,
      [at, at, ...ids],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { status: row.status, createdAt: Number(row.created), finishedAt: row.finished === null ? null : Number(row.finished) },
      ]),
    );
  }

  async waitFinished(ids: string[], what: string): Promise<void> {
    await waitFor(async () => [...(await this.durations(ids)).values()].every((row) => row.finishedAt !== null), {
      timeoutMs: 600_000,
      intervalMs: 500,
      what,
    });
  }

  async ledgerSince(seq: number): Promise<LedgerRequest[]> {
    const all: LedgerRequest[] = [];
    for (let since = seq; ;) {
      const response = await fetch(`${this.stack.simUrl}/_sim/ledger?since=${since}&limit=5000`);
      const page = ((await response.json()) as { requests: LedgerRequest[] }).requests;
      all.push(...page);
      if (page.length < 5000) return all;
      since = page[page.length - 1].seq;
    }
  }

  async ledgerHead(): Promise<{ seq: number; throttled: number }> {
    const body = (await (await fetch(`${this.stack.simUrl}/_sim/ledger?requests=false`)).json()) as {
      totalRequests: number;
      throttled: number;
    };
    return { seq: body.totalRequests, throttled: body.throttled };
  }
}

/** Orders parked on the account step (the customer has not accepted the relationship), written as re-check jobs. */
async function insertParked(stack: TestStack, customers: BenchCustomer[], recheckWithinMs: number): Promise<Set<string>> {
  const db: SqlExecutor = { query: (sql, parameters) => stack.db.dataSource.query(sql, parameters as unknown[]) };
  const repository = new SqlOrderRepository(db);
  const partnerId = stack.credentials.partners.direct.id;
  const ids = new Set<string>();
  const now = new Date();
  for (let index = 0; index < customers.length; index += 200) {
    const chunk = customers.slice(index, index + 200);
    await Promise.all(
      chunk.map(async (customer) => {
        const order: Order = {
          id: randomUUID(),
          customerId: customer.id,
          partnerId,
          status: 'action_required',
          step: 'account',
          run: 1,
          items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
          account: { type: 'existing', domain: customer.domain, relationshipConfirmed: true },
          request: {
            attestations: { partnerOfRecord: false, offer: false },
            mca: {},
            qualification: { stateOwnedEntity: false, educationSegment: null },
            termsAccepted: true,
            segment: 'commercial',
          },
          requiredAction: {
            type: 'relationship_acceptance',
            message: 'Accept the partner invitation',
            url: 'https://admin.microsoft.com/',
          },
          delay: null,
          failure: null,
          progress: { relationshipChecks: 1 },
          checkoutIntent: null,
          subscriptions: [],
          portalUrl: null,
          parkedAt: now,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        ids.add(order.id);
        await repository.insert(db, order, 0);
        await writeOutbox(
          db,
          [stepCommandToOutbox(order.id, { step: 'account', run: 1, delayMs: Math.round(Math.random() * recheckWithinMs) })],
          now,
        );
      }),
    );
  }
  return ids;
}

function callsByGroup(requests: LedgerRequest[]): Record<ThrottleGroup, number> {
  const counts = Object.fromEntries(THROTTLE_GROUPS.map((group) => [group, 0])) as Record<ThrottleGroup, number>;
  for (const request of requests) {
    const target = throttleTargetOf(request.path);
    if (target && request.status !== 429) counts[target.group] += 1;
  }
  return counts;
}

function pct(values: number[], p: number): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}

export async function runLimits(options: Settings, log: (line: string) => void): Promise<Record<string, unknown>> {
  const redis = await startPrivateRedis();
  // Both throttles count per window: the per-minute limit scaled to the window.
  const limit = String(Math.round((options.limitPerMinute * options.windowSeconds) / 60));
  log(
    `limits: starting the stack (simulator realistic ×${options.latencyScale}, throttled at ${options.limitPerMinute}/min per group in ${options.windowSeconds} s windows; engine at the same limits) ...`,
  );
  const stack = await startTestStack({
    label: 'benchlimits',
    redisUrl: redis.url,
    workers: ['worker-subscription', 'worker-mca'],
    simEnv: {
      SIM_PROFILE: 'realistic',
      SIM_LATENCY_SCALE: String(options.latencyScale),
      SIM_THROTTLE_PARTNER_RPM: limit,
      SIM_THROTTLE_CUSTOMER_RPM: limit,
      SIM_LEDGER_LIMIT: '400000',
    },
    env: {
      LOG_LEVEL: 'error',
      PC_BUDGET_PARTNER_RPM: limit,
      PC_BUDGET_CUSTOMER_RPM: limit,
      PC_BUDGET_WINDOW_MS: String(options.windowSeconds * 1000),
      // The guard scaled like the limit (1 s on Microsoft's minute).
      PC_BUDGET_WINDOW_GUARD_MS: String(Math.round((options.windowSeconds * 1000) / 60)),
      PROVISIONING_POLL_MS: '500',
      WORKER_CONCURRENCY: '300',
      RECHECK_BASE_MS: '10000',
      RECHECK_MAX_MS: '20000',
      RECONCILE_INTERVAL_MS: '600000',
      DATABASE_POOL_SIZE: '20',
    },
  });
  const bench = new Bench(stack);
  try {
    await fetch(`${stack.simUrl}/_sim/throttling`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ windowSeconds: options.windowSeconds }),
    });
    const target = ourTarget(stack);
    const idleCustomers = newCustomers(options.interactive);
    const bulkCustomers = newCustomers(options.bulk);
    const busyCustomers = newCustomers(options.interactive);
    await seedCustomers(target, [...idleCustomers, ...bulkCustomers, ...busyCustomers]);
    const parkedCustomers = newCustomers(options.parked);
    for (let index = 0; index < parkedCustomers.length; index += 1000)
      await target.insertCustomers(parkedCustomers.slice(index, index + 1000));

    // 1. idle: interactive orders 1 s apart.
    log(`limits: ${options.interactive} interactive orders on an idle system ...`);
    const idleIds: string[] = [];
    for (const customer of idleCustomers) {
      idleIds.push(await bench.submit(customer, 'interactive'));
      await sleep(1_000);
    }
    await bench.waitFinished(idleIds, 'the idle interactive orders');
    const idleTimes = [...(await bench.durations(idleIds)).values()].map((row) => (row.finishedAt as number) - row.createdAt);

    // Parked orders, re-checking every 10..20 s if they could: far more than the 10 % they may take.
    log(`limits: inserting ${options.parked} parked orders (re-checks every 10–20 s wanted) ...`);
    const parkedIds = await insertParked(stack, parkedCustomers, 20_000);

    // 2. the batch, and interactive orders while it runs.
    const before = await bench.ledgerHead();
    const batchStarted = Date.now();
    log(`limits: ${options.bulk} bulk orders at once, then ${options.interactive} interactive orders while they run ...`);
    const bulkIds = await Promise.all(bulkCustomers.map((customer) => bench.submit(customer, 'bulk')));
    await sleep(10_000);
    const busyIds: string[] = [];
    for (const customer of busyCustomers) {
      busyIds.push(await bench.submit(customer, 'interactive'));
      await sleep(2_000);
    }
    await bench.waitFinished([...bulkIds, ...busyIds], 'the batch and the interactive orders');
    const batchEnded = Date.now();
    const afterBatch = await bench.ledgerHead();
    const batchRequests = await bench.ledgerSince(before.seq);
    const orders = await bench.durations([...bulkIds, ...busyIds], new Date(batchStarted));
    const busyTimes = busyIds.map((id) => orders.get(id)).map((row) => (row?.finishedAt as number) - (row?.createdAt as number));
    const finishes = [...orders.values()].map((row) => row.finishedAt as number).sort((a, b) => a - b);
    const completed = [...orders.values()].filter((row) => row.status === 'completed').length;
    const failed = orders.size - completed;
    // Steady window: from two throttle windows into the batch (the first may burst into an empty window)
    // to the 90th percentile completion (the tail waits on provisioning, not on the throttle).
    const windowStart = options.windowSeconds * 2_000;
    const windowEnd = finishes[Math.floor(finishes.length * 0.9)];
    const inWindow = finishes.filter((at) => at >= windowStart && at <= windowEnd).length;
    const completedPerMinute = (inWindow / Math.max(1, windowEnd - windowStart)) * 60_000;
    const activeRequests = batchRequests.filter((request) => !parkedIds.has(request.correlationId));
    const perGroup = callsByGroup(activeRequests);
    const callsPerOrder = Object.fromEntries(Object.entries(perGroup).map(([group, calls]) => [group, calls / orders.size])) as Record<
      ThrottleGroup,
      number
    >;
    const bindingGroup = (Object.keys(callsPerOrder) as ThrottleGroup[]).reduce((a, b) => (callsPerOrder[a] >= callsPerOrder[b] ? a : b));
    const maxPerMinute = options.limitPerMinute / callsPerOrder[bindingGroup];
    const totalCalls = afterBatch.seq - before.seq;
    const throttled = afterBatch.throttled - before.throttled;
    const parkedDuringBatch = batchRequests.filter((request) => parkedIds.has(request.correlationId) && request.status !== 429);
    const parkedBatchPerMinute = (parkedDuringBatch.length / Math.max(1, batchEnded - batchStarted)) * 60_000;

    // 3. parked alone.
    log(`limits: parked re-checks alone for ${options.parkedAloneSeconds} s ...`);
    const aloneHead = await bench.ledgerHead();
    const aloneStarted = Date.now();
    await sleep(options.parkedAloneSeconds * 1000);
    const aloneRequests = (await bench.ledgerSince(aloneHead.seq)).filter(
      (request) => parkedIds.has(request.correlationId) && request.status !== 429,
    );
    const aloneMinutes = (Date.now() - aloneStarted) / 60_000;
    const aloneByGroup = callsByGroup(aloneRequests);
    const aloneGroup = (Object.keys(aloneByGroup) as ThrottleGroup[]).reduce((a, b) => (aloneByGroup[a] >= aloneByGroup[b] ? a : b));
    const aloneGroupPerMinute = aloneByGroup[aloneGroup] / aloneMinutes;
    // The budget is a window: the most re-check calls of the busiest group in any window-long interval.
    const aloneTimes = aloneRequests
      .filter((request) => throttleTargetOf(request.path)?.group === aloneGroup)
      .map((request) => Date.parse(request.at))
      .sort((a, b) => a - b);
    let peakInWindow = 0;
    for (let first = 0, last = 0; last < aloneTimes.length; last += 1) {
      while (aloneTimes[last] - aloneTimes[first] >= options.windowSeconds * 1000) first += 1;
      peakInWindow = Math.max(peakInWindow, last - first + 1);
    }
    const perWindowLimit = (options.limitPerMinute * options.windowSeconds) / 60;
    const queue = new Queue('subscription', { connection: { url: stack.env.REDIS_URL }, prefix: stack.queuePrefix });
    const parkedJobs = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
    await queue.close();
    const recheckedRows: Array<{ n: number }> = await stack.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM orders WHERE status = 'action_required' AND updated_at > created_at`,
    );

    const result = {
      at: new Date().toISOString(),
      settings: options,
      batch: {
        orders: orders.size,
        completed,
        failed,
        seconds: Math.round((batchEnded - batchStarted) / 1000),
        completedPerMinute,
        maxPerMinute,
        shareOfLimit: completedPerMinute / maxPerMinute,
        callsPerOrder,
        bindingGroup,
        calls: totalCalls,
        throttled,
        throttledPer100Calls: (throttled / Math.max(1, totalCalls)) * 100,
      },
      interactive: {
        idleP50Ms: pct(idleTimes, 50),
        idleP99Ms: pct(idleTimes, 99),
        busyP50Ms: pct(busyTimes, 50),
        busyP99Ms: pct(busyTimes, 99),
        p99Ratio: pct(busyTimes, 99) / Math.max(1, pct(idleTimes, 99)),
      },
      parked: {
        orders: parkedIds.size,
        duringBatchCallsPerMinute: parkedBatchPerMinute,
        aloneCallsPerMinute: aloneRequests.length / aloneMinutes,
        aloneBusiestGroup: aloneGroup,
        aloneBusiestGroupPerMinute: aloneGroupPerMinute,
        aloneShareOfGroupLimit: aloneGroupPerMinute / options.limitPerMinute,
        alonePeakPerWindow: peakInWindow,
        alonePeakShareOfWindow: peakInWindow / perWindowLimit,
        reChecked: Number(recheckedRows[0].n),
        jobs: parkedJobs,
      },
    };
    return result;
  } finally {
    await bench.close();
    await stack.stop();
    await redis.stop();
  }
}

function table(result: Awaited<ReturnType<typeof runLimits>>): string {
  const r = result as unknown as {
    settings: Settings;
    batch: {
      orders: number;
      completed: number;
      failed: number;
      seconds: number;
      completedPerMinute: number;
      maxPerMinute: number;
      shareOfLimit: number;
      callsPerOrder: Record<string, number>;
      bindingGroup: string;
      calls: number;
      throttled: number;
      throttledPer100Calls: number;
    };
    interactive: { idleP50Ms: number; idleP99Ms: number; busyP50Ms: number; busyP99Ms: number; p99Ratio: number };
    parked: {
      orders: number;
      duringBatchCallsPerMinute: number;
      aloneCallsPerMinute: number;
      aloneBusiestGroup: string;
      aloneBusiestGroupPerMinute: number;
      aloneShareOfGroupLimit: number;
      alonePeakPerWindow: number;
      alonePeakShareOfWindow: number;
    };
  };
  const ok = (pass: boolean): string => (pass ? 'yes' : 'NO');
  const calls = Object.entries(r.batch.callsPerOrder)
    .map(([group, value]) => `${group} ${value.toFixed(2)}`)
    .join(', ');
  return [
    '',
    `Limits (simulator realistic ×${r.settings.latencyScale}, throttled at ${r.settings.limitPerMinute}/min per partner and resource group; engine limits the same)`,
    `batch: ${r.batch.orders} orders (${r.settings.bulk} bulk + ${r.settings.interactive} interactive), ${r.batch.completed} completed, ${r.batch.failed} failed, ${r.batch.seconds} s; calls per order: ${calls}`,
    '| measure | value | target | met |',
    '|---|---|---|---|',
    `| completed orders/min (steady window) vs most the limit allows (${r.settings.limitPerMinute} ÷ ${r.batch.callsPerOrder[r.batch.bindingGroup].toFixed(2)} ${r.batch.bindingGroup} calls/order = ${r.batch.maxPerMinute.toFixed(1)}/min) | ${r.batch.completedPerMinute.toFixed(1)}/min = ${(r.batch.shareOfLimit * 100).toFixed(0)} % | ≥ 90 % | ${ok(r.batch.shareOfLimit >= 0.9)} |`,
    `| 429s per 100 calls (${r.batch.throttled} of ${r.batch.calls}) | ${r.batch.throttledPer100Calls.toFixed(2)} | ≤ 2 | ${ok(r.batch.throttledPer100Calls <= 2)} |`,
    `| interactive p50 / p99, idle | ${r.interactive.idleP50Ms} / ${r.interactive.idleP99Ms} ms | | |`,
    `| interactive p50 / p99, during the batch | ${r.interactive.busyP50Ms} / ${r.interactive.busyP99Ms} ms (p99 ×${r.interactive.p99Ratio.toFixed(2)}) | p99 ≤ 2× idle | ${ok(r.interactive.p99Ratio <= 2)} |`,
    `| ${r.parked.orders} parked orders: re-check calls/min during the batch | ${r.parked.duringBatchCallsPerMinute.toFixed(1)} | | |`,
    `| ${r.parked.orders} parked orders alone: re-check calls/min (${r.parked.aloneBusiestGroup}: ${r.parked.aloneBusiestGroupPerMinute.toFixed(1)}/min of ${r.settings.limitPerMinute}) | ${r.parked.aloneCallsPerMinute.toFixed(1)} = ${(r.parked.aloneShareOfGroupLimit * 100).toFixed(1)} % | | |`,
    `| ${r.parked.orders} parked orders alone: most re-check calls in any ${r.settings.windowSeconds} s window (${r.parked.aloneBusiestGroup}) | ${r.parked.alonePeakPerWindow} of ${(r.settings.limitPerMinute * r.settings.windowSeconds) / 60} = ${(r.parked.alonePeakShareOfWindow * 100).toFixed(1)} % of the budget | ≤ 10 % | ${ok(r.parked.alonePeakShareOfWindow <= 0.1)} |`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const result = await runLimits(settings(), (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(table(result));
  mkdirSync('test-output/bench', { recursive: true });
  writeFileSync('test-output/bench/limits.json', JSON.stringify(result, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
