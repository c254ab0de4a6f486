import { randomBytes } from 'node:crypto';
import { type RunningProcess, runToCompletion, startProcess } from './processes';
import { type TestDatabase, createTestDatabase, testRunId } from './test-database';
import { dropRedisKeys } from './redis-keys';
import { testConfig } from './test-config';
import { consentThroughSimulator } from './sim-consent';

/** The development defaults of libs/config (partner-center.config.ts). */
const DEFAULT_PARTNER_TENANT_ID = '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11';
const DEFAULT_CLIENT_ID = 'nce-provisioning-dev';

export interface DemoCredentials {
  operator: { apiKey: string };
  partners: { direct: { id: string; apiKey: string }; indirect: { id: string; apiKey: string; mpnId: string } };
  customers: Array<{ id: string; partnerId: string; name: string; apiKey: string }>;
}

export interface TestStack {
  db: TestDatabase;
  sim: RunningProcess;
  simUrl: string;
  api: RunningProcess;
  apiUrl: string;
  workers: RunningProcess[];
  credentials: DemoCredentials;
  env: Record<string, string>;
  queuePrefix: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  label: string;
  /** Worker apps to start (e.g. 'worker-subscription'); none by default. */
  workers?: string[];
  redisUrl?: string;
  /** MySQL server URL without a database name (a private MariaDB); the run's server by default. */
  mysqlServerUrl?: string;
  env?: Record<string, string>;
  simEnv?: Record<string, string>;
  /** Start without the API (tests that drive processes themselves). */
  withoutApi?: boolean;
  /** Extra node flags for the API process (profiling). */
  apiNodeArgs?: string[];
  /** Extra node flags per worker app (e.g. `{ 'worker-subscription': ['--cpu-prof'] }`, benchmarks). */
  workerNodeArgs?: Record<string, string[]>;
}

/**
 * The real system for one test file: its own database (migrated), its own queue prefix, the
 * simulator, the catalog synced through the client, the demo seed, the API and chosen workers,
 * each a real process on an ephemeral port.
 */
export async function startTestStack(options: StackOptions): Promise<TestStack> {
  const db = await createTestDatabase(options.label, options.mysqlServerUrl);
  const queuePrefix = `t${testRunId()}${randomBytes(3).toString('hex')}`;
  const started: RunningProcess[] = [];
  try {
    // Throttling off unless a test asks for it (simEnv / env): most tests measure something else.
    const sim = await startProcess('partner-center-sim', {
      SIM_PORT: '0',
      SIM_LOG_REQUESTS: 'false',
      SIM_THROTTLE_PARTNER_RPM: '0',
      SIM_THROTTLE_CUSTOMER_RPM: '0',
      ...options.simEnv,
    });
    started.push(sim);
    const simUrl = sim.url ?? '';
    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      REDIS_URL: options.redisUrl ?? testConfig.redisUrl(),
      QUEUE_PREFIX: queuePrefix,
      ENCRYPTION_KEY: '1'.repeat(64),
      PARTNER_CENTER_URL: simUrl,
      GRAPH_URL: simUrl,
      AUTHORITY_URL: simUrl,
      API_PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_LIST: 'http://127.0.0.1:*,http://localhost:*',
      OUTBOX_POLL_MS: '50',
      PC_BUDGET_PARTNER_RPM: '0',
      PC_BUDGET_CUSTOMER_RPM: '0',
      ...options.env,
    };
    // The partner admin's consent, through the simulator's device-code sign-in: seeds the token store.
    env.PC_REFRESH_TOKEN ??= await consentThroughSimulator(simUrl, {
      partnerTenantId: env.PARTNER_TENANT_ID ?? DEFAULT_PARTNER_TENANT_ID,
      clientId: env.PC_CLIENT_ID ?? DEFAULT_CLIENT_ID,
    });
    await runToCompletion('ops-cli', ['sync-catalog'], env);
    const credentials = JSON.parse(await runToCompletion('ops-cli', ['seed-demo'], env)) as DemoCredentials;
    let api: RunningProcess | null = null;
    if (!options.withoutApi) {
      api = await startProcess('api', env, { nodeArgs: options.apiNodeArgs });
      started.push(api);
    }
    const workers: RunningProcess[] = [];
    for (const worker of options.workers ?? []) {
      const process = await startProcess(worker, env, { nodeArgs: options.workerNodeArgs?.[worker] });
      started.push(process);
      workers.push(process);
    }
    const stack: TestStack = {
      db,
      sim,
      simUrl,
      api: api as RunningProcess,
      apiUrl: api?.url ?? '',
      workers,
      credentials,
      env,
      queuePrefix,
      // Tests may replace workers (crash tests): stop whatever runs at the end.
      stop: async () => {
        const all = new Set([...started, ...stack.workers]);
        await Promise.all([...all].map((child) => child.stop(5_000)));
        await db.drop();
        await dropRedisKeys(env.REDIS_URL, queuePrefix).catch(() => undefined);
      },
    };
    return stack;
  } catch (error) {
    await Promise.all(started.map((child) => child.stop(2_000)));
    await db.drop();
    throw error;
  }
}
