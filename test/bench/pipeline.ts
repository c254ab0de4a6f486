/*
 * The end-to-end load shape shared by our pipeline and the bare reference, so that the two are
 * measured the same way:
 *  - saturation: POST orders at an offered rate above capacity, admission-capped at a standing
 *    backlog (accepted but not finished) so the queues stay full without growing without bound;
 *    throughput = orders finished per second in the steady window (30 %..100 % of the load period);
 *  - latency: after the backlog drained, an open-loop constant rate (half the saturation figure);
 *    p50/p99 of POST → completed for those orders.
 * Each order has its own customer and Microsoft tenant (simulator tenant with a valid MCA).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { waitFor } from '../../libs/testing/src';
import { type CostSnapshot, type OrderCosts, cpuShare, cpuTimes, orderCosts, snapshotCosts } from './costs';
import { constantRate, percentile } from './load';

export const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

export interface BenchCustomer {
  id: string;
  domain: string;
}

/** What the load shape needs from a pipeline under test (ours or the reference). */
export interface PipelineTarget {
  name: string;
  intakeUrl: string;
  simUrl: string;
  apiKey: string;
  mysqlServerUrl: string;
  redisUrl: string;
  insertCustomers(customers: BenchCustomer[]): Promise<void>;
  /** Orders in a final state (completed or failed). */
  finished(): Promise<number>;
  /** Orders created at or after `since`: status and ms offsets from `since` of creation and of the final state. */
  finishTimes(since: Date): Promise<Array<{ status: string; createdMs: number; finishedMs: number | null }>>;
  /** The pipeline's own processes by pid (api, workers, simulator), for the CPU breakdown. */
  processes(): Map<number, string>;
}

export interface SaturationResult {
  offeredPerSecond: number;
  /** Length of the steady window the throughput was measured over. */
  seconds: number;
  backlogCap: number;
  accepted: number;
  /** Orders finished per second in the steady window. */
  completedPerSecond: number;
  /** The backlog cap was reached: the offered load exceeded what the pipeline finished. */
  saturated: boolean;
  drainSeconds: number;
  /** CPU per process group over the steady window, in % of one core (the machine has 200 %). */
  cpu?: Record<string, number>;
}

export interface LatencyResult {
  offeredPerSecond: number;
  seconds: number;
  orders: number;
  completed: number;
  failed: number;
  completedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  intakeP99Ms: number;
  costs?: OrderCosts;
}

export function newCustomers(count: number): BenchCustomer[] {
  return Array.from({ length: count }, () => ({
    id: randomUUID(),
    domain: `b${randomUUID().replace(/-/g, '').slice(0, 20)}.onmicrosoft.com`,
  }));
}

/** Customers in the pipeline's database and tenants (MCA valid) in the simulator. */
export async function seedCustomers(target: PipelineTarget, customers: BenchCustomer[]): Promise<void> {
  const sim = new Pool(target.simUrl, { connections: 32 });
  try {
    for (let index = 0; index < customers.length; index += 1000) {
      const chunk = customers.slice(index, index + 1000);
      await target.insertCustomers(chunk);
      await Promise.all(
        chunk.map(async (customer) => {
          const response = await sim.request({
            path: '/_sim/tenants',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ domain: customer.domain, mca: 'valid' }),
          });
          await response.body.dump();
          if (response.statusCode >= 300) throw new Error(`simulator refused tenant ${customer.domain}: ${response.statusCode}`);
        }),
      );
    }
  } finally {
    await sim.close();
  }
}

export function orderRequest(
  apiKey: string,
  customer: BenchCustomer,
): { path: string; method: string; headers: Record<string, string>; body: string } {
  return {
    path: '/v1/orders',
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      customerId: customer.id,
      items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
      account: { type: 'existing', domain: customer.domain, relationshipConfirmed: true },
      termsAccepted: true,
    }),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Saturation: offered rate above capacity, admission capped at `backlog` unfinished orders. The
 * first `backlog` orders to finish are the fill (they all queued at once); from then on the pipeline
 * runs full with a standing backlog, and the throughput is the orders finished per second over the
 * next `seconds` (the steady window).
 */
export async function saturate(
  target: PipelineTarget,
  customers: BenchCustomer[],
  options: { offeredPerSecond: number; seconds: number; backlog: number; maxSeconds?: number },
): Promise<SaturationResult> {
  const origin = new URL(target.intakeUrl).origin;
  const pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const baseline = await target.finished();
  const maxMs = (options.maxSeconds ?? Math.max(90, options.seconds * 8)) * 1000;
  let finished = baseline;
  let accepted = 0;
  let inflight = 0;
  let sent = 0;
  let saturated = false;
  let stop = false;
  let steadyAt: number | null = null;
  let cpuAtSteady: ReturnType<typeof cpuTimes> | null = null;
  const since = new Date();
  const started = performance.now();
  const poller = (async () => {
    while (!stop) {
      finished = await target.finished().catch(() => finished);
      if (steadyAt === null && finished - baseline >= options.backlog) {
        steadyAt = performance.now() - started;
        cpuAtSteady = cpuTimes();
      }
      await sleep(100);
    }
  })();
  const pending: Array<Promise<void>> = [];
  let last = started;
  let credit = 0;
  const loading = (): boolean => {
    const elapsed = performance.now() - started;
    if (elapsed >= maxMs || sent >= customers.length) return false;
    return steadyAt === null || elapsed - steadyAt < options.seconds * 1000;
  };
  while (loading()) {
    const now = performance.now();
    credit = Math.min(credit + ((now - last) / 1000) * options.offeredPerSecond, options.offeredPerSecond / 10);
    last = now;
    if (accepted + inflight - (finished - baseline) >= options.backlog) {
      saturated = true;
      credit = 0;
    }
    for (; credit >= 1 && sent < customers.length && accepted + inflight - (finished - baseline) < options.backlog; credit -= 1) {
      const spec = orderRequest(target.apiKey, customers[sent]);
      sent += 1;
      inflight += 1;
      pending.push(
        pool
          .request({ origin, path: spec.path, method: 'POST', headers: spec.headers, body: spec.body })
          .then(async (response) => {
            await response.body.dump();
            if (response.statusCode === 202) accepted += 1;
          })
          .catch(() => undefined)
          .finally(() => {
            inflight -= 1;
          }),
      );
    }
    await sleep(5);
  }
  const cpuAtEnd = cpuTimes();
  const loadMs = performance.now() - started;
  await Promise.all(pending);
  const drainStarted = performance.now();
  try {
    await waitFor(async () => (await target.finished()) - baseline >= accepted, {
      timeoutMs: 300_000,
      intervalMs: 200,
      what: `${target.name}: the saturation backlog to drain`,
    });
  } finally {
    stop = true;
    await poller;
    await pool.close();
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const times = await target.finishTimes(since);
  // Without a steady state (the fill never finished in time), the second half of the load period.
  const windowStart = steadyAt ?? loadMs / 2;
  const windowEnd = loadMs;
  const inWindow = times.filter((row) => row.finishedMs !== null && row.finishedMs >= windowStart && row.finishedMs < windowEnd).length;
  return {
    offeredPerSecond: options.offeredPerSecond,
    seconds: Math.round(((windowEnd - windowStart) / 1000) * 10) / 10,
    backlogCap: options.backlog,
    accepted,
    completedPerSecond: inWindow / Math.max(0.001, (windowEnd - windowStart) / 1000),
    saturated: saturated && steadyAt !== null,
    drainSeconds: Math.round(drainSeconds * 10) / 10,
    cpu: cpuAtSteady && steadyAt !== null ? cpuShare(cpuAtSteady, cpuAtEnd, (loadMs - steadyAt) / 1000, processLabel(target)) : undefined,
  };
}

function processLabel(target: PipelineTarget): (pid: number, command: string) => string {
  const own = target.processes();
  const redisPort = new URL(target.redisUrl).port;
  return (pid, command) => {
    const label = own.get(pid);
    if (label) return label;
    if (pid === process.pid) return 'load generator (bench)';
    if (/mariadbd|mysqld/.test(command)) return 'mariadbd (shared)';
    if (command.includes('redis-server') && command.includes(redisPort)) return 'redis (private)';
    return 'other processes (not this benchmark)';
  };
}

/** Open-loop constant rate; waits for every order to finish; POST → final state percentiles. */
export async function latencyAt(
  target: PipelineTarget,
  customers: BenchCustomer[],
  options: { ratePerSecond: number; seconds: number; measureCosts?: boolean },
): Promise<LatencyResult> {
  const baseline = await target.finished();
  const costTarget = { mysqlServerUrl: target.mysqlServerUrl, redisUrl: target.redisUrl, simUrl: target.simUrl };
  const before: CostSnapshot | null = options.measureCosts ? await snapshotCosts(costTarget) : null;
  const since = new Date();
  const load = await constantRate({
    url: target.intakeUrl,
    ratePerSecond: options.ratePerSecond,
    durationSeconds: options.seconds,
    connections: 64,
    okStatus: 202,
    request: (index) => orderRequest(target.apiKey, customers[index % customers.length]),
  });
  await waitFor(async () => (await target.finished()) - baseline >= load.accepted, {
    timeoutMs: 300_000,
    intervalMs: 200,
    what: `${target.name}: every order to finish`,
  });
  const after: CostSnapshot | null = options.measureCosts ? await snapshotCosts(costTarget) : null;
  const rows = await target.finishTimes(since);
  const done = rows.filter((row) => row.finishedMs !== null);
  const times = done.map((row) => (row.finishedMs as number) - row.createdMs).sort((a, b) => a - b);
  const lastFinish = Math.max(1, ...done.map((row) => row.finishedMs as number));
  return {
    offeredPerSecond: options.ratePerSecond,
    seconds: options.seconds,
    orders: load.accepted,
    completed: rows.filter((row) => row.status === 'completed').length,
    failed: rows.filter((row) => row.status === 'failed').length,
    completedPerSecond: done.length / (lastFinish / 1000),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    intakeP99Ms: load.p99Ms,
    costs: before && after ? await orderCosts(before, after, load.accepted, target.simUrl) : undefined,
  };
}
