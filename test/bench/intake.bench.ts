/* `npm run bench:intake`: POST /v1/orders at constant arrival rates against the real API process. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startTestStack } from '../../libs/testing/src';
import { cpuShare, cpuTimes } from './costs';
import { type LoadResult, constantRate } from './load';

const CUSTOMERS = 2_000;
const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

function row(label: string, result: LoadResult): string {
  return `| ${label.padEnd(22)} | ${String(result.offeredPerSecond).padStart(7)} | ${result.acceptedPerSecond.toFixed(0).padStart(10)} | ${result.p50Ms.toFixed(1).padStart(7)} | ${result.p99Ms.toFixed(1).padStart(7)} | ${result.p99AfterFirstSecondMs.toFixed(1).padStart(11)} | ${result.maxMs.toFixed(0).padStart(6)} | ${String(result.failed).padStart(6)} |`;
}

export interface IntakeOptions {
  seconds: number;
  /** Fixed offered rates (req/s). */
  rates: number[];
  /** After the fixed rates (if the last kept up), raise the rate by 25 % while the API keeps up (accepted ≥ 95 % of offered, p99 < 200 ms). */
  search?: { from: number; maxSteps: number };
  profileDir?: string;
  log?: (line: string) => void;
}

export interface IntakeResult {
  durationSeconds: number;
  /** Per rate: the load and the CPU per process group during it (% of one core; the machine has 200 %). */
  results: Array<{ label: string; result: LoadResult; cpu?: Record<string, number> }>;
  /** Highest accepted/s among the rates the API kept up with. */
  sustainedPerSecond: number;
  ordersStored: number;
}

function keptUp(result: LoadResult): boolean {
  return result.acceptedPerSecond >= 0.95 * result.offeredPerSecond && result.failed === 0 && result.p99Ms < 200;
}

export async function runIntake(options: IntakeOptions): Promise<IntakeResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const durationSeconds = options.seconds;
  log('intake: starting the stack (own database, simulator, API) ...');
  const stack = await startTestStack({
    label: 'benchintake',
    apiNodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
    env: {
      LOG_LEVEL: 'error',
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '30',
      API_PROCESSES: process.env.BENCH_API_PROCESSES ?? '1',
      PC_BUDGET_PARTNER_RPM: '0',
      PC_BUDGET_CUSTOMER_RPM: '0',
    },
  });
  try {
    const partnerId = stack.credentials.partners.direct.id;
    const apiKey = stack.credentials.partners.direct.apiKey;
    // Each order comes from its own customer, as real traffic does.
    const customerIds = Array.from({ length: CUSTOMERS }, () => randomUUID());
    const values = customerIds.map(() => '(?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))').join(',');
    await stack.db.dataSource.query(
      `INSERT INTO customers (id, partner_id, name, created_at, updated_at) VALUES ${values}`,
      customerIds.flatMap((id, index) => [id, partnerId, `Bench customer ${index}`]),
    );
    const request = (index: number) => ({
      path: '/v1/orders',
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
      body: JSON.stringify({
        customerId: customerIds[index % CUSTOMERS],
        items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1 + (index % 20), termDuration: 'P1Y', billingCycle: 'monthly' }],
        account: { type: 'existing', domain: `bench${index % CUSTOMERS}.onmicrosoft.com`, relationshipConfirmed: true },
        termsAccepted: true,
      }),
    });
    // Warm-up: JIT, HTTP connections, the database pool at its working size, caches. A server that has
    // seen traffic is warm; what is measured is the steady state at each rate.
    await constantRate({ url: stack.apiUrl, ratePerSecond: 300, durationSeconds: 3, connections: 256, request, okStatus: 202 });
    await constantRate({
      url: stack.apiUrl,
      ratePerSecond: Math.min(1000, options.rates[0] ?? 1000),
      durationSeconds: 3,
      connections: 256,
      request,
      okStatus: 202,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const results: IntakeResult['results'] = [];
    const own = new Map<number, string>([
      [stack.api.child.pid ?? -1, 'api'],
      [process.pid, 'load generator (bench)'],
    ]);
    const label = (pid: number, command: string): string =>
      own.get(pid) ?? (/mariadbd|mysqld/.test(command) ? 'mariadbd (shared)' : 'other processes (not this benchmark)');
    const measure = async (rate: number, name: string): Promise<LoadResult> => {
      const before = cpuTimes();
      const began = performance.now();
      const result = await constantRate({
        url: stack.apiUrl,
        ratePerSecond: rate,
        durationSeconds,
        connections: 256,
        request,
        okStatus: 202,
      });
      const cpu = cpuShare(before, cpuTimes(), (performance.now() - began) / 1000, label);
      results.push({ label: name, result, cpu });
      log(
        `intake: ${row(name, result)} CPU % of one core: ${Object.entries(cpu)
          .map(([group, share]) => `${group} ${share}`)
          .join(', ')}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return result;
    };
    let last: LoadResult | null = null;
    for (const rate of options.rates) last = await measure(rate, `${rate}/s for ${durationSeconds}s`);
    // Search upwards only from a rate the API kept up with.
    if (options.search && (last === null || keptUp(last))) {
      let rate = options.search.from;
      for (let step = 0; step < options.search.maxSteps; step += 1) {
        rate = Math.round(rate * 1.25);
        if (!keptUp(await measure(rate, `search ${rate}/s`))) break;
      }
    }
    const [{ n: stored }] = await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM orders');
    const sustained = Math.max(0, ...results.filter(({ result }) => keptUp(result)).map(({ result }) => result.acceptedPerSecond));
    return { durationSeconds, results, sustainedPerSecond: sustained, ordersStored: Number(stored) };
  } finally {
    await stack.stop();
  }
}

export function intakeTable(intake: IntakeResult): string[] {
  return [
    '| offered                | req/s   | accepted/s | p50 ms  | p99 ms  | p99 > 1 s ¹ | max ms | failed |',
    '|------------------------|---------|------------|---------|---------|-------------|--------|--------|',
    ...intake.results.map(({ label, result }) => row(label, result)),
    '',
    '¹ p99 of the requests sent after the first second of the rate (without connection set-up).',
  ];
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rates = (process.env.BENCH_RATES ?? '1000,2000,2500,3000').split(',').map(Number);
  const intake = await runIntake({ seconds: durationSeconds, rates, profileDir: process.env.BENCH_PROFILE_DIR });
  const lines = [
    '',
    'Intake benchmark: POST /v1/orders (durable: order + event + outbox + idempotency key committed before 202)',
    ...intakeTable(intake),
    '',
    `orders stored: ${intake.ordersStored}; API processes: ${process.env.BENCH_API_PROCESSES ?? '1'}; machine: ${(await import('node:os')).cpus().length} cores; load generator, API, MariaDB and Redis share them`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync('test-output/bench', { recursive: true });
  writeFileSync('test-output/bench/intake.json', JSON.stringify({ at: new Date().toISOString(), ...intake }, null, 2));
  process.stdout.write('results written to test-output/bench/intake.json\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
