/* `npm run bench:e2e`: orders from POST to completed through the real workers and the simulator. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startTestStack, waitFor } from '../../libs/testing/src';
import { constantRate, percentile } from './load';

const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

interface RunResult {
  offeredPerSecond: number;
  orders: number;
  completed: number;
  failed: number;
  completedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  partnerCenterCallsPerOrder: number;
}

async function main(): Promise<void> {
  const rate = Number(process.env.BENCH_RATE ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const workersPerKind = Number(process.env.BENCH_WORKERS_PER_KIND ?? 1);
  const total = rate * seconds;
  const kinds = ['worker-subscription', 'worker-mca'];
  process.stdout.write(`Starting the stack (${workersPerKind} worker process(es) per kind) ...\n`);
  const stack = await startTestStack({
    label: 'benche2e',
    workers: kinds.flatMap((kind) => Array.from({ length: workersPerKind }, () => kind)),
    env: { LOG_LEVEL: 'error', PROVISIONING_POLL_MS: '20', RECONCILE_INTERVAL_MS: '600000', WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '100' },
  });
  try {
    // Each order has its own customer and Microsoft tenant, as real traffic does.
    const partnerId = stack.credentials.partners.direct.id;
    const customers = Array.from({ length: total }, () => ({ id: randomUUID(), domain: `b${randomUUID().replace(/-/g, '').slice(0, 20)}.onmicrosoft.com` }));
    for (let index = 0; index < customers.length; index += 1000) {
      const chunk = customers.slice(index, index + 1000);
      await stack.db.dataSource.query(
        `INSERT INTO customers (id, partner_id, name, created_at, updated_at) VALUES ${chunk.map(() => '(?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))').join(',')}`,
        chunk.flatMap((customer) => [customer.id, partnerId, customer.domain]),
      );
      await Promise.all(
        chunk.map((customer) => fetch(`${stack.simUrl}/_sim/tenants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ domain: customer.domain, mca: 'valid' }) })),
      );
    }
    const ledgerBefore = ((await (await fetch(`${stack.simUrl}/_sim/ledger/summary`)).json()) as { totalRequests?: number }).totalRequests ?? 0;
    const started = Date.now();
    const load = await constantRate({
      url: stack.apiUrl,
      ratePerSecond: rate,
      durationSeconds: seconds,
      connections: 64,
      okStatus: 202,
      request: (index) => ({
        path: '/v1/orders',
        method: 'POST',
        headers: { authorization: `Bearer ${stack.credentials.partners.direct.apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          customerId: customers[index].id,
          items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
          account: { type: 'existing', domain: customers[index].domain, relationshipConfirmed: true },
          termsAccepted: true,
        }),
      }),
    });
    await waitFor(async () => {
      const [row] = await stack.db.dataSource.query("SELECT COUNT(*) AS n FROM orders WHERE status IN ('completed', 'failed')");
      return Number(row.n) >= load.accepted;
    }, { timeoutMs: 600_000, intervalMs: 250, what: 'every order to finish' });
    const finishedAt = Date.now();
    const rows: Array<{ status: string; ms: number }> = await stack.db.dataSource.query(
      "SELECT o.status, TIMESTAMPDIFF(MICROSECOND, o.created_at, e.occurred_at) / 1000 AS ms FROM orders o JOIN order_events e ON e.order_id = o.id AND e.type IN ('order.completed', 'order.failed')",
    );
    const times = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
    const ledgerAfter = ((await (await fetch(`${stack.simUrl}/_sim/ledger/summary`)).json()) as { totalRequests?: number }).totalRequests ?? 0;
    const result: RunResult = {
      offeredPerSecond: rate,
      orders: load.accepted,
      completed: rows.filter((row) => row.status === 'completed').length,
      failed: rows.filter((row) => row.status === 'failed').length,
      completedPerSecond: rows.length / ((finishedAt - started) / 1000),
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      partnerCenterCallsPerOrder: (ledgerAfter - ledgerBefore) / Math.max(1, load.accepted),
    };
    process.stdout.write(
      [
        '',
        `End to end (account, mca, subscription steps; ${workersPerKind} process(es) per worker kind; simulator at zero latency)`,
        '| offered/s | orders | completed | failed | completed/s | p50 ms | p99 ms | PC calls/order |',
        '|-----------|--------|-----------|--------|-------------|--------|--------|----------------|',
        `| ${rate} | ${result.orders} | ${result.completed} | ${result.failed} | ${result.completedPerSecond.toFixed(0)} | ${result.p50Ms.toFixed(0)} | ${result.p99Ms.toFixed(0)} | ${result.partnerCenterCallsPerOrder.toFixed(1)} |`,
        '',
      ].join('\n'),
    );
    // Where the time goes: the mean gap before each event of the order stream, by sequence and type.
    const gaps: Array<{ sequence: number; type: string; phase: string | null; ms: number }> = await stack.db.dataSource.query(
      `SELECT e.sequence, e.type, JSON_UNQUOTE(JSON_EXTRACT(e.data, '$.phase')) AS phase, AVG(TIMESTAMPDIFF(MICROSECOND, p.occurred_at, e.occurred_at)) / 1000 AS ms
       FROM order_events e JOIN order_events p ON p.order_id = e.order_id AND p.sequence = e.sequence - 1 GROUP BY e.sequence, e.type, phase ORDER BY e.sequence`,
    );
    process.stdout.write(`mean gap before each event: ${gaps.map((gap) => `#${gap.sequence} ${gap.type}${gap.phase ? `(${gap.phase})` : ''} ${Number(gap.ms).toFixed(0)} ms`).join(', ')}\n`);
    const calls: Array<{ route: string; n: number; ms: number }> = await stack.db.dataSource.query(
      "SELECT JSON_UNQUOTE(JSON_EXTRACT(data, '$.route')) AS route, COUNT(*) AS n, AVG(JSON_EXTRACT(data, '$.durationMs')) AS ms FROM order_timeline WHERE kind = 'partner_center' GROUP BY route ORDER BY n DESC",
    );
    process.stdout.write(`Partner Center calls (mean ms): ${calls.map((call) => `${call.route} ×${call.n} ${Number(call.ms).toFixed(1)}`).join('; ')}\n`);
    mkdirSync('test-output/bench', { recursive: true });
    writeFileSync(`test-output/bench/end-to-end-${workersPerKind}.json`, JSON.stringify({ at: new Date().toISOString(), workersPerKind, ...result }, null, 2));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
