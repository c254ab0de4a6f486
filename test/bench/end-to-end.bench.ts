/* `npm run bench:e2e`: orders from POST to completed through the real API, workers and simulator. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { type TestStack, startPrivateRedis, startTestStack, testConfig } from '../../libs/testing/src';
import { formatCosts } from './costs';
import {
  type LatencyResult,
  type PipelineTarget,
  type SaturationResult,
  latencyAt,
  newCustomers,
  saturate,
  seedCustomers,
} from './pipeline';

export interface EndToEndOptions {
  workersPerKind: number;
  /** Saturation phase (skipped when absent). */
  saturation?: { offeredPerSecond: number; seconds: number; backlog: number; customers: number };
  /** Latency phase at a fixed rate, or at `fraction` of the saturation figure. */
  latency?: { ratePerSecond?: number; fraction?: number; seconds: number; measureCosts?: boolean };
  /** Extra node flags per app (profiling), e.g. `{ 'worker-subscription': ['--cpu-prof'] }`; 'api' for the API. */
  nodeArgs?: Record<string, string[]>;
  /** Print where the time goes (event gaps, Partner Center call durations). */
  diagnostics?: boolean;
  log?: (line: string) => void;
}

export interface EndToEndResult {
  pipeline: 'ours';
  workersPerKind: number;
  saturation?: SaturationResult;
  latency?: LatencyResult;
  diagnostics?: string[];
}

const KINDS = ['worker-subscription', 'worker-mca'];

/** DB pool per process: 8 workers + API must stay under MariaDB's 151 connections (shared with others). */
function poolSize(workersPerKind: number): string {
  return process.env.DATABASE_POOL_SIZE ?? String(workersPerKind >= 4 ? 10 : 20);
}

function sqlTime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

export function ourTarget(stack: TestStack): PipelineTarget {
  const db = stack.db.dataSource;
  return {
    name: 'ours',
    intakeUrl: stack.apiUrl,
    simUrl: stack.simUrl,
    apiKey: stack.credentials.partners.direct.apiKey,
    mysqlServerUrl: testConfig.mysqlServerUrl(),
    redisUrl: stack.env.REDIS_URL,
    insertCustomers: async (customers) => {
      await db.query(
        `INSERT INTO customers (id, partner_id, name, created_at, updated_at) VALUES ${customers.map(() => '(?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))').join(',')}`,
        customers.flatMap((customer) => [customer.id, stack.credentials.partners.direct.id, customer.domain]),
      );
    },
    processes: () =>
      new Map<number, string>([
        [stack.api.child.pid ?? -1, 'api'],
        [stack.sim.child.pid ?? -1, 'simulator'],
        ...stack.workers.map((worker): [number, string] => [worker.child.pid ?? -1, worker.name]),
      ]),
    finished: async () => Number((await db.query("SELECT COUNT(*) AS n FROM orders WHERE status IN ('completed', 'failed')"))[0].n),
    finishTimes: async (since) => {
      const at = sqlTime(since);
      const rows: Array<{ status: string; created: string; finished: string | null }> = await db.query(
        `SELECT o.status, TIMESTAMPDIFF(MICROSECOND, ?, o.created_at) / 1000 AS created, TIMESTAMPDIFF(MICROSECOND, ?, e.occurred_at) / 1000 AS finished
         FROM orders o LEFT JOIN order_events e ON e.order_id = o.id AND e.type IN ('order.completed', 'order.failed') WHERE o.created_at >= ?`,
        [at, at, at],
      );
      return rows.map((row) => ({
        status: row.status,
        createdMs: Number(row.created),
        finishedMs: row.finished === null ? null : Number(row.finished),
      }));
    },
  };
}

async function diagnostics(stack: TestStack): Promise<string[]> {
  // Where the time goes: the mean gap before each event of the order stream, by sequence and type.
  const gaps: Array<{ sequence: number; type: string; phase: string | null; ms: number }> = await stack.db.dataSource.query(
    `SELECT e.sequence, e.type, JSON_UNQUOTE(JSON_EXTRACT(e.data, '$.phase')) AS phase, AVG(TIMESTAMPDIFF(MICROSECOND, p.occurred_at, e.occurred_at)) / 1000 AS ms
     FROM order_events e JOIN order_events p ON p.order_id = e.order_id AND p.sequence = e.sequence - 1 GROUP BY e.sequence, e.type, phase ORDER BY e.sequence`,
  );
  const calls: Array<{ route: string; n: number; ms: number }> = await stack.db.dataSource.query(
    "SELECT JSON_UNQUOTE(JSON_EXTRACT(data, '$.route')) AS route, COUNT(*) AS n, AVG(JSON_EXTRACT(data, '$.durationMs')) AS ms FROM order_timeline WHERE kind = 'partner_center' GROUP BY route ORDER BY n DESC",
  );
  return [
    `mean gap before each event: ${gaps.map((gap) => `#${gap.sequence} ${gap.type}${gap.phase ? `(${gap.phase})` : ''} ${Number(gap.ms).toFixed(0)} ms`).join(', ')}`,
    `Partner Center calls (mean ms as the client saw them): ${calls.map((call) => `${call.route} ×${call.n} ${Number(call.ms).toFixed(1)}`).join('; ')}`,
  ];
}

export async function runEndToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { workersPerKind } = options;
  log(`ours: starting the stack (${workersPerKind} worker process(es) per kind) ...`);
  // A Redis of the run's own: its command statistics then count this pipeline only.
  const redis = await startPrivateRedis();
  const stack = await startTestStack({
    redisUrl: redis.url,
    label: `benche2e${workersPerKind}`,
    workers: KINDS.flatMap((kind) => Array.from({ length: workersPerKind }, () => kind)),
    apiNodeArgs: options.nodeArgs?.api,
    workerNodeArgs: options.nodeArgs,
    env: {
      LOG_LEVEL: 'error',
      PROVISIONING_POLL_MS: '20',
      RECONCILE_INTERVAL_MS: '600000',
      WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '100',
      DATABASE_POOL_SIZE: poolSize(workersPerKind),
      // Request budgets off (0 = no budget; also the default).
      PC_BUDGET_PARTNER_RPM: '0',
      PC_BUDGET_CUSTOMER_RPM: '0',
    },
  });
  const result: EndToEndResult = { pipeline: 'ours', workersPerKind };
  try {
    const target = ourTarget(stack);
    if (options.saturation) {
      const customers = newCustomers(options.saturation.customers);
      await seedCustomers(target, customers);
      result.saturation = await saturate(target, customers, options.saturation);
      log(
        `ours ×${workersPerKind}: saturation ${result.saturation.completedPerSecond.toFixed(0)} orders/s (offered ${options.saturation.offeredPerSecond}/s, backlog cap ${options.saturation.backlog}${result.saturation.saturated ? '' : ', NOT saturated'})`,
      );
      if (result.saturation.cpu)
        log(
          `ours ×${workersPerKind}: CPU in the steady window (% of one core): ${Object.entries(result.saturation.cpu)
            .map(([group, share]) => `${group} ${share}`)
            .join(', ')}`,
        );
    }
    if (options.latency) {
      const rate = Math.max(
        1,
        Math.round(options.latency.ratePerSecond ?? (result.saturation?.completedPerSecond ?? 100) * (options.latency.fraction ?? 0.5)),
      );
      const customers = newCustomers(Math.ceil(rate * options.latency.seconds));
      await seedCustomers(target, customers);
      result.latency = await latencyAt(target, customers, {
        ratePerSecond: rate,
        seconds: options.latency.seconds,
        measureCosts: options.latency.measureCosts,
      });
      log(
        `ours ×${workersPerKind}: at ${rate}/s p50 ${result.latency.p50Ms.toFixed(0)} ms, p99 ${result.latency.p99Ms.toFixed(0)} ms, ${result.latency.completed} completed, ${result.latency.failed} failed`,
      );
      if (result.latency.costs) log(formatCosts('ours', result.latency.costs));
    }
    if (options.diagnostics) {
      result.diagnostics = await diagnostics(stack);
      for (const line of result.diagnostics) log(line);
    }
    return result;
  } finally {
    await stack.stop();
    await redis.stop();
  }
}

async function main(): Promise<void> {
  const rate = Number(process.env.BENCH_RATE ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const workersPerKind = Number(process.env.BENCH_WORKERS_PER_KIND ?? 1);
  const saturation = process.env.BENCH_SATURATE === 'true';
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const result = await runEndToEnd({
    workersPerKind,
    saturation: saturation
      ? {
          offeredPerSecond: Number(process.env.BENCH_OFFERED ?? 1000),
          seconds,
          backlog: Number(process.env.BENCH_BACKLOG ?? 300) * workersPerKind,
          customers: Number(process.env.BENCH_SAT_CUSTOMERS ?? 6000),
        }
      : undefined,
    latency: saturation ? { fraction: 0.5, seconds, measureCosts: true } : { ratePerSecond: rate, seconds, measureCosts: true },
    // One directory per app, so that each profile says whose it is (summarise with profile-summary.js).
    nodeArgs: profileDir
      ? Object.fromEntries(['api', ...KINDS].map((app) => [app, ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${app}`]]))
      : undefined,
    diagnostics: true,
  });
  const latency = result.latency;
  if (latency) {
    process.stdout.write(
      [
        '',
        `End to end (account, mca, subscription steps; ${workersPerKind} process(es) per worker kind; simulator at zero latency)`,
        '| offered/s | orders | completed | failed | completed/s | p50 ms | p99 ms | PC calls/order |',
        '|-----------|--------|-----------|--------|-------------|--------|--------|----------------|',
        `| ${latency.offeredPerSecond} | ${latency.orders} | ${latency.completed} | ${latency.failed} | ${latency.completedPerSecond.toFixed(0)} | ${latency.p50Ms.toFixed(0)} | ${latency.p99Ms.toFixed(0)} | ${latency.costs?.partnerCenterCalls.toFixed(1) ?? '?'} |`,
        '',
      ].join('\n'),
    );
  }
  mkdirSync('test-output/bench', { recursive: true });
  writeFileSync(
    `test-output/bench/end-to-end-${workersPerKind}.json`,
    JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
