/* `npm run bench:events`: partner webhook throughput to one local receiver, and SSE fan-out to 1,000 clients. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { ApiClient, type TestStack, startTestStack, waitFor } from '../../libs/testing/src';
import { EventCommitter, type EventStream, openEventStream, startWebhookReceiver } from '../e2e/support/notifications.support';
import { percentile } from './load';

const BUSINESS_BASIC = 'CFQ7TTC0LH18:0001:CFQ7TTC0K971';

interface Row {
  scenario: string;
  events: number;
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  notes: string;
}

function summary(scenario: string, latencies: number[], events: number, seconds: number, notes: string): Row {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    scenario,
    events,
    deliveredPerSecond: Math.round(events / seconds),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    notes,
  };
}

async function newOrders(stack: TestStack, count: number): Promise<string[]> {
  const partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
  const customerId = stack.credentials.customers.find((customer) => customer.partnerId === stack.credentials.partners.direct.id)!.id;
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, () =>
        partner.post(
          '/v1/orders',
          {
            customerId,
            items: [{ catalogItemId: BUSINESS_BASIC, quantity: 1, termDuration: 'P1Y', billingCycle: 'monthly' }],
            account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
            termsAccepted: true,
          },
          { 'idempotency-key': `bench-${start}-${Math.random()}` },
        ),
      ),
    );
    ids.push(...batch.map((response) => response.body.id as string));
  }
  return ids;
}

/** Commits `total` events over `orders` in transactions of `perCommit`, each stamped with its commit time. */
async function commitEvents(
  committer: EventCommitter,
  orders: string[],
  total: number,
  perCommit: number,
  parallel: number,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const orderId = orders[Math.floor(next / perCommit) % orders.length];
      next += perCommit;
      await committer.progress(orderId, perCommit, true, () => ({ sentAt: Date.now() }));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Commits one event every `1000 / perSecond` ms, spread over the orders (a steady load). */
async function commitPaced(committer: EventCommitter, orders: string[], total: number, perSecond: number): Promise<void> {
  const started = Date.now();
  const pending: Array<Promise<unknown>> = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / perSecond;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    pending.push(committer.progress(orders[index % orders.length], 1, true, () => ({ sentAt: Date.now() })));
  }
  await Promise.all(pending);
}

async function webhookThroughput(stack: TestStack, committer: EventCommitter, total: number, perSecond: number | null): Promise<Row> {
  const receiver = await startWebhookReceiver();
  const partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
  // Each run its own endpoint and orders: it receives only what this run commits.
  const orders = await newOrders(stack, 50);
  const created = await partner.post<{ id: string; secret: string }>('/v1/webhook-endpoints', {
    url: receiver.url,
    eventTypes: ['order.progressed'],
  });
  receiver.secrets.push(created.body.secret);
  const started = Date.now();
  if (perSecond === null) await commitEvents(committer, orders, total, 10, 8);
  else await commitPaced(committer, orders, total, perSecond);
  await waitFor(() => receiver.uniqueIds().size >= total, { timeoutMs: 600_000, intervalMs: 100, what: `${total} webhooks` });
  await partner.request('DELETE', `/v1/webhook-endpoints/${created.body.id}`);
  const seconds = (Math.max(...receiver.received.map((entry) => entry.at)) - started) / 1000;
  const latencies = receiver.received.map((entry) => entry.at - (JSON.parse(entry.body) as { data: { sentAt: number } }).data.sentAt);
  const unverified = receiver.received.filter((entry) => !entry.verified).length;
  await receiver.close();
  const load = perSecond === null ? `burst: ${total} committed as fast as possible` : `steady: ${perSecond} commits/s`;
  return summary(
    perSecond === null ? 'webhooks burst → 1 receiver' : 'webhooks steady → 1 receiver',
    latencies,
    total,
    seconds,
    `${load}; ${receiver.received.length} requests, ${unverified} failed verification`,
  );
}

async function sseFanOut(
  stack: TestStack,
  committer: EventCommitter,
  clients: number,
  label: string,
  orders: string[],
  rounds: number,
): Promise<Row> {
  const apiKey = stack.credentials.partners.direct.apiKey;
  const streams: EventStream[] = [];
  for (let start = 0; start < clients; start += 100) {
    streams.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, clients - start) }, (_, index) =>
          openEventStream(stack.apiUrl, apiKey, orders[(start + index) % orders.length], '1'),
        ),
      )),
    );
  }
  const started = Date.now();
  for (let round = 0; round < rounds; round += 1) {
    // Commits spread over time (one round every 100 ms), not a single burst.
    await Promise.all(orders.map((orderId) => committer.progress(orderId, 1, true, () => ({ sentAt: Date.now() }))));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(streams.map((stream) => stream.waitForEvents(rounds, 60_000)));
  const seconds = (Date.now() - started) / 1000;
  const latencies = streams.flatMap((stream) =>
    stream.events.map((event, index) => stream.arrivals[index] - (event.data.data.sentAt as number)),
  );
  for (const stream of streams) stream.close();
  // Each stream resumed after event 1: it must see 2, 3, 4, ... exactly.
  const duplicates = streams.filter((stream) => stream.events.some((event, index) => Number(event.id) !== index + 2)).length;
  return summary(
    label,
    latencies,
    latencies.length,
    seconds,
    `${rounds} commit rounds 100 ms apart (receipts/s follows that pace); ${duplicates} streams with repeats or gaps`,
  );
}

async function main(): Promise<void> {
  const webhookEvents = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5_000);
  const clients = Number(process.env.BENCH_SSE_CLIENTS ?? 1_000);
  process.stdout.write('Starting the stack (own database, simulator, API, worker-notifications) ...\n');
  // BENCH_ENV: extra settings as JSON, e.g. '{"WEBHOOK_CONCURRENCY":"64"}'.
  const extraEnv = JSON.parse(process.env.BENCH_ENV ?? '{}') as Record<string, string>;
  const stack = await startTestStack({ label: 'benchevents', workers: ['worker-notifications'], env: { LOG_LEVEL: 'error', ...extraEnv } });
  const committer = new EventCommitter(stack);
  try {
    const rows: Row[] = [];
    process.stdout.write(`webhooks: ${webhookEvents} events in a burst ...\n`);
    rows.push(await webhookThroughput(stack, committer, webhookEvents, null));
    process.stdout.write('webhooks: 2000 events at 200/s ...\n');
    rows.push(await webhookThroughput(stack, committer, 2_000, 200));
    process.stdout.write(`SSE: ${clients} clients on one order ...\n`);
    rows.push(await sseFanOut(stack, committer, clients, `SSE ${clients} clients, 1 order`, await newOrders(stack, 1), 20));
    process.stdout.write(`SSE: ${clients} clients on ${clients} orders ...\n`);
    rows.push(await sseFanOut(stack, committer, clients, `SSE ${clients} clients, own orders`, await newOrders(stack, clients), 5));
    const lines = [
      '',
      'Events benchmark: latency from commit (MySQL) to receipt (receiver / SSE client)',
      '| scenario                       | events | events/s | p50 ms | p99 ms | max ms | notes',
      '|--------------------------------|--------|----------|--------|--------|--------|------',
      ...rows.map(
        (row) =>
          `| ${row.scenario.padEnd(30)} | ${String(row.events).padStart(6)} | ${String(row.deliveredPerSecond).padStart(8)} | ${row.p50Ms.toFixed(0).padStart(6)} | ${row.p99Ms.toFixed(0).padStart(6)} | ${row.maxMs.toFixed(0).padStart(6)} | ${row.notes}`,
      ),
      '',
      `machine: ${cpus().length} cores; bench clients, API, worker-notifications, MariaDB and Redis share them`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync('test-output/bench', { recursive: true });
    writeFileSync(
      'test-output/bench/events.json',
      JSON.stringify({ at: new Date().toISOString(), webhookEvents, clients, env: extraEnv, rows }, null, 2),
    );
    process.stdout.write('results written to test-output/bench/events.json\n');
  } finally {
    committer.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
