/*
 * `npm run bench:reference`: the bare reference pipeline (test/bench/reference/, raw bullmq + mysql2 +
 * undici + fastify, same hops, commits and Partner Center calls per order as ours; counts in
 * reference/common.ts) under the same load shape as the end-to-end benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Pool, createConnection, createPool } from 'mysql2/promise';
import {
  type RunningProcess,
  consentThroughSimulator,
  startPrivateRedis,
  startProcess,
  testConfig,
  testRunId,
} from '../../libs/testing/src';
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
import { SCHEMA, sha256 } from './reference/common';

export interface ReferenceOptions {
  workersPerKind: number;
  saturation?: { offeredPerSecond: number; seconds: number; backlog: number; customers: number };
  latency?: { ratePerSecond?: number; fraction?: number; seconds: number; measureCosts?: boolean };
  /** Extra node flags per process: 'intake', 'worker-subscription', 'worker-mca' (profiling). */
  nodeArgs?: Record<string, string[]>;
  log?: (line: string) => void;
}

export interface ReferenceResult {
  pipeline: 'reference';
  workersPerKind: number;
  saturation?: SaturationResult;
  latency?: LatencyResult;
}

interface Child {
  name: string;
  child: ChildProcess;
  url: string | null;
  stop(): Promise<void>;
}

function startChild(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, resolve(__dirname, 'reference', script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start: ${output.slice(-2000)}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      const match = /(listening on (http:\/\/\S+)|\bready\b)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      resolveStart({
        name: `reference ${env.REF_KIND ? `worker-${env.REF_KIND}` : 'intake'}`,
        child,
        url: match[2] ?? null,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(kill);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code}: ${output.slice(-2000)}`));
    });
  });
}

async function createDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const server = testConfig.mysqlServerUrl().replace(/\/$/, '');
  const name = `nce_ref_${testRunId()}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(server);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const connection = await createConnection(`${server}/${name}`);
  for (const statement of SCHEMA) await connection.query(statement);
  await connection.end();
  return {
    name,
    url: `${server}/${name}`,
    drop: async () => {
      const dropper = await createConnection(server);
      await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
      await dropper.end();
    },
  };
}

function referenceTarget(
  pool: Pool,
  urls: { intake: string; sim: string; redis: string },
  apiKey: string,
  partnerId: string,
  processes: () => Map<number, string>,
): PipelineTarget {
  return {
    processes,
    name: 'reference',
    intakeUrl: urls.intake,
    simUrl: urls.sim,
    apiKey,
    mysqlServerUrl: testConfig.mysqlServerUrl(),
    redisUrl: urls.redis,
    insertCustomers: async (customers) => {
      await pool.query(
        `INSERT INTO customers (id, partner_id, name, created_at, updated_at) VALUES ${customers.map(() => '(?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))').join(',')}`,
        customers.flatMap((customer) => [customer.id, partnerId, customer.domain]),
      );
    },
    finished: async () => {
      const [rows] = await pool.query("SELECT COUNT(*) AS n FROM orders WHERE status IN ('completed', 'failed')");
      return Number((rows as Array<{ n: number }>)[0].n);
    },
    finishTimes: async (since) => {
      const at = since.toISOString().slice(0, 23).replace('T', ' ');
      const [rows] = await pool.query(
        `SELECT o.status, TIMESTAMPDIFF(MICROSECOND, ?, o.created_at) / 1000 AS created, TIMESTAMPDIFF(MICROSECOND, ?, e.occurred_at) / 1000 AS finished
         FROM orders o LEFT JOIN order_events e ON e.order_id = o.id AND e.type IN ('order.completed', 'order.failed') WHERE o.created_at >= ?`,
        [at, at, at],
      );
      return (rows as Array<{ status: string; created: string; finished: string | null }>).map((row) => ({
        status: row.status,
        createdMs: Number(row.created),
        finishedMs: row.finished === null ? null : Number(row.finished),
      }));
    },
  };
}

export async function runReference(options: ReferenceOptions): Promise<ReferenceResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  log(`reference: starting the bare pipeline (${options.workersPerKind} worker process(es) per kind) ...`);
  const database = await createDatabase();
  const prefix = `ref${testRunId()}${randomBytes(3).toString('hex')}`;
  // A Redis of the run's own: its command statistics then count this pipeline only.
  const redis = await startPrivateRedis();
  const redisUrl = redis.url;
  const children: Array<Child | RunningProcess> = [];
  const pool = createPool({ uri: database.url, connectionLimit: 4, multipleStatements: true });
  const result: ReferenceResult = { pipeline: 'reference', workersPerKind: options.workersPerKind };
  try {
    const partnerId = randomUUID();
    const apiKey = `ref_${randomBytes(16).toString('hex')}`;
    await pool.query("INSERT INTO partners (id, name, channel, settings) VALUES (?, 'Bench partner', 'direct', '{}')", [partnerId]);
    await pool.query('INSERT INTO api_keys (id, key_hash, partner_id) VALUES (?, ?, ?)', [randomUUID(), sha256(apiKey), partnerId]);
    const sim = await startProcess('partner-center-sim', {
      SIM_PORT: '0',
      SIM_LOG_REQUESTS: 'false',
      SIM_THROTTLE_PARTNER_RPM: '0',
      SIM_THROTTLE_CUSTOMER_RPM: '0',
    });
    children.push(sim);
    const env = {
      REF_DATABASE_URL: database.url,
      REF_REDIS_URL: redisUrl,
      REF_PREFIX: prefix,
      REF_SIM_URL: sim.url ?? '',
      // The partner admin's consent (App+User), through the simulator's device-code sign-in.
      REF_REFRESH_TOKEN: await consentThroughSimulator(sim.url ?? '', {
        partnerTenantId: '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11',
        clientId: 'nce-provisioning-dev',
      }),
      REF_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? String(options.workersPerKind >= 4 ? 10 : 20),
      REF_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '100',
      REF_OUTBOX_POLL_MS: '50',
      REF_PROVISIONING_POLL_MS: '20',
    };
    const intake = await startChild('intake-server.js', env, options.nodeArgs?.intake);
    children.push(intake);
    for (const kind of ['subscription', 'mca']) {
      for (let index = 0; index < options.workersPerKind; index += 1)
        children.push(await startChild('worker.js', { ...env, REF_KIND: kind }, options.nodeArgs?.[`worker-${kind}`]));
    }
    const processes = (): Map<number, string> =>
      new Map(
        children.map((child): [number, string] => [child.child.pid ?? -1, child.name === 'partner-center-sim' ? 'simulator' : child.name]),
      );
    const target = referenceTarget(pool, { intake: intake.url ?? '', sim: sim.url ?? '', redis: redisUrl }, apiKey, partnerId, processes);
    if (options.saturation) {
      const customers = newCustomers(options.saturation.customers);
      await seedCustomers(target, customers);
      result.saturation = await saturate(target, customers, options.saturation);
      log(
        `reference ×${options.workersPerKind}: saturation ${result.saturation.completedPerSecond.toFixed(0)} orders/s (offered ${options.saturation.offeredPerSecond}/s, backlog cap ${options.saturation.backlog}${result.saturation.saturated ? '' : ', NOT saturated'})`,
      );
      if (result.saturation.cpu)
        log(
          `reference ×${options.workersPerKind}: CPU in the steady window (% of one core): ${Object.entries(result.saturation.cpu)
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
        `reference ×${options.workersPerKind}: at ${rate}/s p50 ${result.latency.p50Ms.toFixed(0)} ms, p99 ${result.latency.p99Ms.toFixed(0)} ms, ${result.latency.completed} completed, ${result.latency.failed} failed`,
      );
      if (result.latency.costs) log(formatCosts('reference', result.latency.costs));
    }
    return result;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await pool.end().catch(() => undefined);
    await database.drop();
    await redis.stop();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const workersPerKind = Number(process.env.BENCH_WORKERS_PER_KIND ?? 1);
  const saturation = process.env.BENCH_RATE === undefined;
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const result = await runReference({
    workersPerKind,
    nodeArgs: profileDir
      ? Object.fromEntries(
          ['intake', 'worker-subscription', 'worker-mca'].map((name) => [name, ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${name}`]]),
        )
      : undefined,
    saturation: saturation
      ? {
          offeredPerSecond: Number(process.env.BENCH_OFFERED ?? 1000),
          seconds,
          backlog: Number(process.env.BENCH_BACKLOG ?? 300) * workersPerKind,
          customers: Number(process.env.BENCH_SAT_CUSTOMERS ?? 6000),
        }
      : undefined,
    latency: saturation
      ? { fraction: 0.5, seconds, measureCosts: true }
      : { ratePerSecond: Number(process.env.BENCH_RATE), seconds, measureCosts: true },
  });
  mkdirSync('test-output/bench', { recursive: true });
  writeFileSync(`test-output/bench/reference-${workersPerKind}.json`, JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
