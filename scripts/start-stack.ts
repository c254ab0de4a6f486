/* `npm start`: the whole system on this machine, from a fresh clone (DESIGN.md section 9). */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectPartnerCenterThroughSimulator, distEntry, portAnswers, runToCompletion } from '../libs/testing/src';
import { Supervisor } from './stack/supervisor';

const WORKERS = ['worker-subscription', 'worker-mca', 'worker-gdap', 'worker-notifications'];
/** The demo's secrets, credentials, simulator state and logs (DEMO_DIR: a second stack keeps its own). */
const DEMO_DIR = process.env.DEMO_DIR ?? '.demo';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function secrets(): { encryptionKey: string } {
  const file = `${DEMO_DIR}/secrets.json`;
  mkdirSync(DEMO_DIR, { recursive: true });
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey: string };
  // Generated once per checkout: tenant admin passwords encrypted with it must stay readable across restarts.
  const created = { encryptionKey: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

function hostPort(url: string, fallbackPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : fallbackPort };
}

async function ensureServices(env: Record<string, string>): Promise<void> {
  const mysql = hostPort(env.DATABASE_URL, 3306);
  const redis = hostPort(env.REDIS_URL, 6379);
  const up = async (): Promise<boolean> => (await portAnswers(mysql.host, mysql.port)) && (await portAnswers(redis.host, redis.port));
  if (await up()) return;
  let docker = false;
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5_000 });
    docker = true;
  } catch {
    docker = false;
  }
  if (!docker) {
    log(
      `MySQL (${mysql.host}:${mysql.port}) or Redis (${redis.host}:${redis.port}) is not answering and no Docker engine is available: start them, or set DATABASE_URL / REDIS_URL to running ones.`,
    );
    process.exit(1);
  }
  log('Starting MySQL and Redis from docker/compose.yml ...');
  execSync('docker compose -f docker/compose.yml up -d mysql redis', { stdio: 'inherit' });
  const deadline = Date.now() + 120_000;
  while (!(await up())) {
    if (Date.now() > deadline) throw new Error('MySQL/Redis did not come up within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function main(): Promise<void> {
  const apiPort = process.env.API_PORT ?? '3000';
  const simPort = process.env.SIM_PORT ?? '3100';
  const simUrl = `http://127.0.0.1:${simPort}`;
  const useSimulator = !process.env.PARTNER_CENTER_URL;
  const env: Record<string, string> = {
    DATABASE_URL: process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/nce_dev',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? secrets().encryptionKey,
    API_PORT: apiPort,
    SIM_PORT: simPort,
    PARTNER_CENTER_URL: process.env.PARTNER_CENTER_URL ?? simUrl,
    GRAPH_URL: process.env.GRAPH_URL ?? simUrl,
    AUTHORITY_URL: process.env.AUTHORITY_URL ?? simUrl,
    WEBHOOK_ALLOW_LIST: process.env.WEBHOOK_ALLOW_LIST ?? 'http://127.0.0.1:4000-4099,http://localhost:4000-4099',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    SIM_LOG_REQUESTS: process.env.SIM_LOG_REQUESTS ?? 'false',
    // The simulator keeps its tenants, orders and relationships here, so the database's links stay true across restarts.
    SIM_STATE_FILE: process.env.SIM_STATE_FILE ?? resolve(DEMO_DIR, 'simulator-state.bin'),
  };
  await ensureServices(env);

  const supervisor = new Supervisor({ logDir: resolve(DEMO_DIR, 'logs'), print: log });
  let stopping: Promise<void> | undefined;
  const stopAll = (code: number, why: string): Promise<void> => {
    stopping ??= (async () => {
      log(`\nStopping (${why}): API first, then the workers finish their jobs, the simulator last ...`);
      await supervisor.stopAll();
      log('Stopped.');
      process.exit(code);
    })();
    return stopping;
  };
  // npm forwards the terminal's SIGINT too: a second one while stopping is the same request.
  process.on('SIGINT', () => void stopAll(0, 'SIGINT'));
  process.on('SIGTERM', () => void stopAll(0, 'SIGTERM'));
  process.on('SIGHUP', () => void stopAll(0, 'SIGHUP'));
  watchParent(() => void stopAll(0, 'the parent process (npm) went away'));

  try {
    log(await runToCompletion('ops-cli', ['migrate'], env).then((out) => out.trim()));
    if (useSimulator) {
      await supervisor.start({
        name: 'partner-center-sim',
        role: 'simulator',
        entry: distEntry('partner-center-sim'),
        env,
        stopGraceMs: 10_000,
      });
      log(`simulator       ${simUrl}   (state kept in ${env.SIM_STATE_FILE})`);
      await seedSimulatorTenants(simUrl);
      await connectToSimulator(env, simUrl);
    }
    const catalog = JSON.parse(await runToCompletion('ops-cli', ['sync-catalog'], env)) as { offers: number; plans: number };
    log(`catalog synced  ${catalog.offers} offers, ${catalog.plans} plans`);
    const credentialsFile = `${DEMO_DIR}/credentials.json`;
    const seed = JSON.parse(await runToCompletion('ops-cli', ['seed-demo', '--previous', credentialsFile], env)) as Record<string, unknown>;
    await supervisor.start({ name: 'api', role: 'intake', entry: distEntry('api'), env, stopGraceMs: 15_000 });
    const metricsUrls: Record<string, string> = { api: `http://127.0.0.1:${apiPort}/metrics` };
    for (const worker of WORKERS.filter((name) => existsSync(distEntry(name)))) {
      const url = await supervisor.start({
        name: worker,
        role: 'worker',
        entry: distEntry(worker),
        env,
        stopGraceMs: WORKER_STOP_GRACE_MS,
      });
      if (url) metricsUrls[worker] = `${url}/metrics`;
    }
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const credentials = { apiUrl, simulatorUrl: useSimulator ? simUrl : env.PARTNER_CENTER_URL, metricsUrls, pid: process.pid, ...seed };
    await addPanelLinks(credentials as unknown as Summary);
    mkdirSync(DEMO_DIR, { recursive: true });
    writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    printSummary(credentials as unknown as Summary, supervisor.names, metricsUrls);
  } catch (error) {
    log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1, 'start failed');
  }
}

/**
 * App+User calls need the partner admin's consent. Against the simulator, unless PC_REFRESH_TOKEN
 * seeds the store, a store without a working token is connected through the real
 * connect-partner-center command, the simulator playing the admin who signs in with MFA.
 */
async function connectToSimulator(env: Record<string, string>, simUrl: string): Promise<void> {
  if (process.env.PC_REFRESH_TOKEN) return;
  const status = JSON.parse(await runToCompletion('ops-cli', ['partner-center-status'], env)) as { breaker: string };
  if (status.breaker !== 'open') return;
  await connectPartnerCenterThroughSimulator(env, simUrl);
  log('partner center  connected (simulator consent by device code, with MFA)');
}

/** Workers get their own 25 s to finish in-flight jobs after SIGTERM; SIGKILL only after that. */
const WORKER_STOP_GRACE_MS = 30_000;

/**
 * A SIGKILLed npm cannot forward anything: the supervisor is then re-parented, which it notices here and
 * stops the stack (its children notice the supervisor's own death through their stdin pipe).
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, 2_000);
  timer.unref();
}

// Demo customer tenants in the (in-memory) simulator, one per interesting state of the order flow.
const DEMO_TENANTS = [
  { domain: 'contoso.onmicrosoft.com', mca: 'valid' },
  { domain: 'fabrikam.onmicrosoft.com', mca: 'missing' },
  { domain: 'northwind.onmicrosoft.com', relationship: false },
  { domain: 'tailspin.onmicrosoft.com', mca: 'stale' },
];

async function seedSimulatorTenants(simUrl: string): Promise<void> {
  for (const tenant of DEMO_TENANTS) {
    const response = await fetch(`${simUrl}/_sim/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tenant),
    });
    if (response.status !== 201 && response.status !== 409)
      throw new Error(`simulator refused demo tenant ${tenant.domain}: ${response.status}`);
  }
  log(`demo tenants    ${DEMO_TENANTS.map((tenant) => tenant.domain).join(', ')}`);
}

interface Summary {
  apiUrl: string;
  simulatorUrl: string;
  operator: { apiKey: string };
  partners: { direct: { id: string; apiKey: string }; indirect: { id: string; apiKey: string; mpnId: string } };
  customers: Array<{ id: string; partnerId?: string; name: string; apiKey: string; panelUrl?: string; panelUrlExpiresAt?: string }>;
}

/** A single-use panel sign-in link per demo customer, asked of its partner as a partner's portal would. */
async function addPanelLinks(summary: Summary): Promise<void> {
  const partnerKeys = new Map([summary.partners.direct, summary.partners.indirect].map((partner) => [partner.id, partner.apiKey]));
  for (const customer of summary.customers) {
    const response = await fetch(`${summary.apiUrl}/v1/customers/${customer.id}/panel-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partnerKeys.get(customer.partnerId ?? '')}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (response.status !== 201) throw new Error(`panel link for ${customer.name}: HTTP ${response.status}`);
    const link = (await response.json()) as { url: string; expiresAt: string };
    customer.panelUrl = link.url;
    customer.panelUrlExpiresAt = link.expiresAt;
  }
}

function printSummary(summary: Summary, processes: string[], metricsUrls: Record<string, string>): void {
  log('');
  log('NCE provisioning is running. Ctrl-C stops everything.');
  log(`  API             ${summary.apiUrl}   (OpenAPI: ${summary.apiUrl}/docs)`);
  log(`  panel           ${summary.apiUrl}/panel/   (open a customer's panel link below)`);
  log(`  queues          ${summary.apiUrl}/admin/queues   (operator key)`);
  log(`  processes       ${processes.join(', ')}`);
  for (const [name, url] of Object.entries(metricsUrls)) log(`  metrics         ${name.padEnd(21)} ${url}`);
  log(`  logs            ${DEMO_DIR}/logs/<process>.log   (JSON lines, rotated at 10 MB)`);
  // Key prefixes only: terminal scrollback and CI logs keep what is printed; full keys stay in credentials.json (0600).
  const prefix = (apiKey: string): string => `${apiKey.slice(0, 16)}…`;
  log(`  operator key    ${prefix(summary.operator.apiKey)}`);
  log(`  direct partner  ${prefix(summary.partners.direct.apiKey)}`);
  log(`  indirect partner ${prefix(summary.partners.indirect.apiKey)}  (MPN ${summary.partners.indirect.mpnId})`);
  for (const customer of summary.customers)
    log(`  customer        ${customer.name.padEnd(18)} id ${customer.id}  key ${prefix(customer.apiKey)}`);
  for (const customer of summary.customers)
    log(`  panel link      ${customer.name.padEnd(18)} ${customer.panelUrl}  (single use, until ${customer.panelUrlExpiresAt})`);
  log(`  credentials     ${DEMO_DIR}/credentials.json`);
}

void main();
