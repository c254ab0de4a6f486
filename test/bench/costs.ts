/*
 * What one order costs, measured from the outside: MariaDB global status counters, Redis command
 * statistics and the simulator's request ledger, snapshotted around a run and divided by the orders.
 * The counters are server-wide: anything else running on the same MariaDB/Redis (other test suites,
 * idle pollers of the stack itself) is included, so the figures are upper bounds.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';

const MYSQL_COUNTERS = [
  'Com_commit',
  'Com_rollback',
  'Com_begin',
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_select',
  'Questions',
  'Handler_commit',
  'Innodb_data_fsyncs',
] as const;

export interface CostSnapshot {
  mysql: Record<string, number>;
  redis: Record<string, number>;
  pcRequests: number;
}

export interface OrderCosts {
  orders: number;
  /** Per order: explicit COMMIT statements (transactions), autocommit writes are in the statement counts. */
  mysql: Record<string, number>;
  /** Per order: Redis commands by name (EVALSHA = one BullMQ script) and `total`. */
  redis: Record<string, number>;
  partnerCenterCalls: number;
  /** Partner Center calls by route (method and path with ids replaced), per order. */
  partnerCenterRoutes?: Record<string, number>;
}

async function mysqlCounters(serverUrl: string): Promise<Record<string, number>> {
  const connection = await createConnection(serverUrl);
  try {
    const [rows] = await connection.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${MYSQL_COUNTERS.map(() => '?').join(',')})`, [
      ...MYSQL_COUNTERS,
    ]);
    return Object.fromEntries(
      (rows as Array<{ Variable_name: string; Value: string }>).map((row) => [row.Variable_name, Number(row.Value)]),
    );
  } finally {
    await connection.end();
  }
}

async function redisCounters(redisUrl: string): Promise<Record<string, number>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('commandstats');
    const counters: Record<string, number> = {};
    for (const line of info.split('\n')) {
      const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
      if (match) counters[match[1]] = Number(match[2]);
    }
    return counters;
  } finally {
    redis.disconnect();
  }
}

async function pcRequests(simUrl: string): Promise<number> {
  const summary = (await (await fetch(`${simUrl}/_sim/ledger/summary`)).json()) as { totalRequests?: number };
  return summary.totalRequests ?? 0;
}

export async function snapshotCosts(target: { mysqlServerUrl: string; redisUrl: string; simUrl: string }): Promise<CostSnapshot> {
  const [mysql, redis, pc] = await Promise.all([
    mysqlCounters(target.mysqlServerUrl),
    redisCounters(target.redisUrl),
    pcRequests(target.simUrl),
  ]);
  return { mysql, redis, pcRequests: pc };
}

function perOrder(after: Record<string, number>, before: Record<string, number>, orders: number, minimum = 0): Record<string, number> {
  const result: Record<string, number> = {};
  let total = 0;
  for (const [name, value] of Object.entries(after)) {
    const delta = value - (before[name] ?? 0);
    if (name !== 'info') total += delta;
    if (delta / orders >= minimum && name !== 'info') result[name] = Math.round((delta / orders) * 100) / 100;
  }
  return { ...result, total: Math.round((total / orders) * 100) / 100 };
}

/** Partner Center routes seen by the simulator since `since` (sequence), ids replaced by placeholders. */
async function routesSince(simUrl: string, since: number, orders: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor = since;
  for (;;) {
    const page = (await (await fetch(`${simUrl}/_sim/ledger?since=${cursor}&limit=5000`)).json()) as {
      requests: Array<{ seq: number; method: string; path: string }>;
    };
    if (page.requests.length === 0) break;
    for (const request of page.requests) {
      const route = `${request.method} ${request.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}').replace(/\/carts\/[^/]+/, '/carts/{cartId}')}`;
      counts[route] = (counts[route] ?? 0) + 1;
      cursor = request.seq;
    }
  }
  return Object.fromEntries(Object.entries(counts).map(([route, n]) => [route, Math.round((n / orders) * 100) / 100]));
}

export async function orderCosts(before: CostSnapshot, after: CostSnapshot, orders: number, simUrl: string): Promise<OrderCosts> {
  const n = Math.max(1, orders);
  const mysql = perOrder(after.mysql, before.mysql, n);
  delete mysql.total;
  return {
    orders,
    mysql,
    redis: perOrder(after.redis, before.redis, n, 0.01),
    partnerCenterCalls: Math.round(((after.pcRequests - before.pcRequests) / n) * 100) / 100,
    partnerCenterRoutes: await routesSince(simUrl, before.pcRequests, n).catch(() => undefined),
  };
}

export function formatCosts(label: string, costs: OrderCosts): string {
  const m = costs.mysql;
  const redisTop = Object.entries(costs.redis)
    .filter(([name]) => name !== 'total')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return [
    `${label} (per order, ${costs.orders} orders): MySQL COMMITs ${m.Com_commit}, INSERT ${m.Com_insert}, UPDATE ${m.Com_update}, DELETE ${m.Com_delete}, SELECT ${m.Com_select}, statements ${m.Questions}, Handler_commit ${m.Handler_commit}, InnoDB fsyncs ${m.Innodb_data_fsyncs}`,
    `  Redis commands ${costs.redis.total} (${redisTop}); Partner Center calls ${costs.partnerCenterCalls}${
      costs.partnerCenterRoutes
        ? ` (${Object.entries(costs.partnerCenterRoutes)
            .map(([route, n]) => `${route} ×${n}`)
            .join('; ')})`
        : ''
    }`,
  ].join('\n');
}

/** CPU seconds used so far by every process (Linux /proc), keyed by pid. */
export function cpuTimes(): Map<number, { command: string; seconds: number }> {
  const hertz = 100;
  const result = new Map<number, { command: string; seconds: number }>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return result;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      result.set(Number(entry), { command, seconds: ticks / hertz });
    } catch {
      // the process ended meanwhile
    }
  }
  return result;
}

/** Share of the machine's CPU per process group between two samples, `label` naming the groups. */
export function cpuShare(
  before: Map<number, { command: string; seconds: number }>,
  after: Map<number, { command: string; seconds: number }>,
  wallSeconds: number,
  label: (pid: number, command: string) => string,
): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const [pid, sample] of after) {
    const used = sample.seconds - (before.get(pid)?.seconds ?? 0);
    if (used <= 0) continue;
    const name = label(pid, sample.command);
    groups[name] = (groups[name] ?? 0) + used;
  }
  // Percent of one core (200 % = both cores of this machine busy).
  return Object.fromEntries(
    Object.entries(groups)
      .sort((a, b) => b[1] - a[1])
      .map(([name, seconds]) => [name, Math.round((seconds / wallSeconds) * 1000) / 10]),
  );
}
