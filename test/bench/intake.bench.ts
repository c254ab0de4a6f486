/* `npm run bench:intake`: POST /v1/orders at constant arrival rates against the real API process. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startTestStack } from '../../libs/testing/src';
import { type LoadResult, constantRate } from './load';

const CUSTOMERS = 2_000;
const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

function row(label: string, result: LoadResult): string {
  return `| ${label.padEnd(22)} | ${String(result.offeredPerSecond).padStart(7)} | ${result.acceptedPerSecond.toFixed(0).padStart(10)} | ${result.p50Ms.toFixed(1).padStart(7)} | ${result.p99Ms.toFixed(1).padStart(7)} | ${result.maxMs.toFixed(0).padStart(6)} | ${String(result.failed).padStart(6)} |`;
}

async function main(): Promise<void> {
  const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rates = (process.env.BENCH_RATES ?? '1000,2000,2500,3000').split(',').map(Number);
  process.stdout.write('Starting the stack (own database, simulator, API) ...\n');
  const stack = await startTestStack({ label: 'benchintake', apiNodeArgs: process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [], env: { LOG_LEVEL: 'error', DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '30', API_PROCESSES: process.env.BENCH_API_PROCESSES ?? '1' } });
  try {
    const partnerId = stack.credentials.partners.direct.id;
    const apiKey = stack.credentials.partners.direct.apiKey;
    // Each order comes from its own customer, as real traffic does.
    const customerIds = Array.from({ length: CUSTOMERS }, () => randomUUID());
    const values = customerIds.map(() => '(?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))').join(',');
    await stack.db.dataSource.query(`INSERT INTO customers (id, partner_id, name, created_at, updated_at) VALUES ${values}`, customerIds.flatMap((id, index) => [id, partnerId, `Bench customer ${index}`]));
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
    // Warm-up: JIT, connection pools, caches.
    await constantRate({ url: stack.apiUrl, ratePerSecond: 300, durationSeconds: 3, connections: 64, request, okStatus: 202 });
    const results: Array<{ label: string; result: LoadResult }> = [];
    for (const rate of rates) {
      const result = await constantRate({ url: stack.apiUrl, ratePerSecond: rate, durationSeconds, connections: 256, request, okStatus: 202 });
      results.push({ label: `${rate}/s for ${durationSeconds}s`, result });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    const [{ n: stored }] = await stack.db.dataSource.query('SELECT COUNT(*) AS n FROM orders');
    const lines = [
      '',
      'Intake benchmark: POST /v1/orders (durable: order + event + outbox + idempotency key committed before 202)',
      '| offered                | req/s   | accepted/s | p50 ms  | p99 ms  | max ms | failed |',
      '|------------------------|---------|------------|---------|---------|--------|--------|',
      ...results.map(({ label, result }) => row(label, result)),
      '',
      `orders stored: ${stored}; API processes: ${process.env.BENCH_API_PROCESSES ?? '1'}; machine: ${(await import('node:os')).cpus().length} cores; load generator, API, MariaDB and Redis share them`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync('test-output/bench', { recursive: true });
    writeFileSync('test-output/bench/intake.json', JSON.stringify({ at: new Date().toISOString(), durationSeconds, results }, null, 2));
    process.stdout.write('results written to test-output/bench/intake.json\n');
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
