import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dropRedisKeys, freePort, testConfig, testRunId, waitFor } from '@nce/testing';
import { createConnection } from 'mysql2/promise';
import { supervisedPids } from '../../../scripts/stack/supervised-pids';

export interface DemoCredentialsFile {
  apiUrl: string;
  simulatorUrl: string;
  operator: { apiKey: string };
  partners: { direct: { id: string; apiKey: string } };
  customers: Array<{ id: string; name: string; apiKey: string }>;
}

/** One `npm start` (dist/scripts/start-stack.js) as a user runs it, in its own demo dir, database and prefix. */
export class DemoStack {
  readonly demoDir = mkdtempSync(join(tmpdir(), 'nce-demo-'));
  readonly database = `nce_t_${testRunId()}_demo_${randomBytes(3).toString('hex')}`;
  readonly queuePrefix = `t${testRunId()}d${randomBytes(3).toString('hex')}`;
  env: Record<string, string> = {};
  child: ChildProcess | undefined;
  output = '';
  exited: Promise<number | null> = Promise.resolve(null);

  async init(extra: Record<string, string> = {}): Promise<void> {
    this.env = {
      API_PORT: String(await freePort()),
      SIM_PORT: String(await freePort()),
      DATABASE_URL: `${testConfig.mysqlServerUrl().replace(/\/$/, '')}/${this.database}`,
      REDIS_URL: testConfig.redisUrl(),
      QUEUE_PREFIX: this.queuePrefix,
      DEMO_DIR: this.demoDir,
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  /** Starts the stack (its own process group, as a terminal's foreground job) and waits for the banner. */
  async start(): Promise<DemoCredentialsFile> {
    this.output = '';
    const child = spawn(process.execPath, [resolve('dist/scripts/start-stack.js')], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitFor(
      () =>
        this.output.includes('NCE provisioning is running') || (child.exitCode !== null ? Promise.reject(new Error(this.output)) : false),
      { timeoutMs: 90_000, intervalMs: 200, what: `the demo stack to start; output:\n${this.output}` },
    );
    return JSON.parse(readFileSync(join(this.demoDir, 'credentials.json'), 'utf8')) as DemoCredentialsFile;
  }

  /** A terminal's Ctrl-C: SIGINT to the whole foreground process group. */
  ctrlC(): void {
    if (this.child?.pid !== undefined) process.kill(-this.child.pid, 'SIGINT');
  }

  /** The pid each supervised process last started with (from the supervisor events in the log files). */
  pids(): Record<string, number> {
    return supervisedPids(join(this.demoDir, 'logs'));
  }

  async cleanup(): Promise<void> {
    if (this.child?.pid !== undefined && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const pid of Object.values(this.pids())) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const connection = await createConnection(testConfig.mysqlServerUrl());
    await connection.query(`DROP DATABASE IF EXISTS \`${this.database}\``);
    await connection.end();
    await dropRedisKeys(this.env.REDIS_URL, this.queuePrefix).catch(() => undefined);
    rmSync(this.demoDir, { recursive: true, force: true });
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
