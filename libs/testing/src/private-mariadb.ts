import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';
import { portAnswers } from './infrastructure';
import { waitFor } from './wait';
import { testConfig } from './test-config';

export interface PrivateMariaDb {
  port: number;
  /** Server URL without a database name, e.g. mysql://root@127.0.0.1:41234 */
  serverUrl: string;
  dataDir: string;
  /** Stops the server: SIGKILL (a crash; InnoDB recovers on the next start) or a clean shutdown. */
  stop(mode?: 'kill' | 'shutdown'): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
  /** The server's error log (start failures). */
  log(): string;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}: ${output.slice(-2000)}`))));
  });
}

/**
 * A mariadbd of the test's own (never the shared one on 3306) on a free port, with its own data
 * directory and socket in a temporary directory, that the test may kill and start again. Needs the
 * MariaDB server binaries (`mariadbd`, `mariadb-install-db`); root without password on 127.0.0.1.
 */
export async function startPrivateMariaDb(
  options: { binary?: string; installer?: string; extraArgs?: string[] } = {},
): Promise<PrivateMariaDb> {
  const binary = options.binary ?? testConfig.mariadbBinaries().server;
  const installer = options.installer ?? testConfig.mariadbBinaries().installer;
  const dir = mkdtempSync(join(tmpdir(), 'nce-mariadb-'));
  const dataDir = join(dir, 'data');
  const errorLog = join(dir, 'error.log');
  writeFileSync(errorLog, '');
  await run(installer, [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ]);
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--socket=${join(dir, 'mariadb.sock')}`,
    `--pid-file=${join(dir, 'mariadb.pid')}`,
    `--log-error=${errorLog}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--skip-log-bin',
    '--skip-name-resolve',
    '--max-connections=1000',
    '--innodb-buffer-pool-size=256M',
    // A killed mariadbd keeps what the OS already has: trx-commit 2 survives a process crash.
    '--innodb-flush-log-at-trx-commit=2',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ...(options.extraArgs ?? []),
  ];
  const log = (): string => {
    try {
      return readFileSync(errorLog, 'utf8');
    } catch {
      return '';
    }
  };
  const start = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const started = spawn(binary, args, { stdio: 'ignore' });
    child = started;
    exited = new Promise((resolve) => started.once('exit', resolve));
    await waitFor(
      async () => {
        if (started.exitCode !== null) throw new Error(`mariadbd exited ${started.exitCode}: ${log().slice(-2000)}`);
        return portAnswers('127.0.0.1', port, 200);
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `mariadbd on ${port}` },
    );
  };
  const stop = async (mode: 'kill' | 'shutdown' = 'kill'): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill(mode === 'kill' ? 'SIGKILL' : 'SIGTERM');
    await exited;
    child = null;
  };
  try {
    await start();
  } catch (error) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    serverUrl: `mysql://root@127.0.0.1:${port}`,
    dataDir,
    start,
    stop,
    log,
    destroy: async () => {
      await stop('kill');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
