import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portAnswers } from './infrastructure';
import { freePort } from './processes';
import { waitFor } from './wait';

export interface PrivateRedisSentinel {
  /** `host:port,…` of the sentinels, for REDIS_SENTINELS. */
  sentinels: string;
  masterName: string;
  /** The port of the current master, as the sentinels see it. */
  masterPort(): number;
  kill(port: number): void;
  stop(): Promise<void>;
}

function cli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
}

/** A master, one replica and three sentinels of the test's own, on free ports, no persistence. */
export async function startPrivateRedisSentinel(masterName = 'nce-test'): Promise<PrivateRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-sentinel-'));
  const children = new Map<number, ChildProcess>();
  const serve = (port: number, args: string[]): void => {
    children.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
  };
  const master = await freePort();
  const replica = await freePort();
  serve(master, ['--port', String(master), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  serve(replica, [
    '--port',
    String(replica),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--replicaof',
    '127.0.0.1',
    String(master),
  ]);
  const sentinels: number[] = [];
  for (let index = 0; index < 3; index += 1) {
    const port = await freePort();
    const file = join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${master} 2`,
        `sentinel down-after-milliseconds ${masterName} 1000`,
        `sentinel failover-timeout ${masterName} 5000`,
        '',
      ].join('\n'),
    );
    serve(port, [file, '--sentinel']);
    sentinels.push(port);
  }
  for (const port of [master, replica, ...sentinels])
    await waitFor(() => portAnswers('127.0.0.1', port, 200), { timeoutMs: 10_000, what: `redis ${port}` });
  await waitFor(() => cli(replica, 'info', 'replication').includes('master_link_status:up'), {
    timeoutMs: 20_000,
    intervalMs: 200,
    what: 'the replica to sync',
  });
  const alive = (port: number): boolean => children.get(port)?.exitCode === null && children.get(port)?.signalCode === null;
  const masterPort = (): number =>
    Number(
      cli(sentinels.find(alive) ?? sentinels[0], 'sentinel', 'get-master-addr-by-name', masterName)
        .trim()
        .split('\n')[1],
    );
  await waitFor(() => sentinels.every((port) => cli(port, 'sentinel', 'master', masterName).includes('num-other-sentinels\n2')), {
    timeoutMs: 20_000,
    intervalMs: 200,
    what: 'the sentinels to see each other',
  });
  return {
    sentinels: sentinels.map((port) => `127.0.0.1:${port}`).join(','),
    masterName,
    masterPort,
    kill: (port) => children.get(port)?.kill('SIGKILL'),
    stop: async () => {
      await Promise.all(
        [...children.values()].map((child) =>
          child.exitCode !== null || child.signalCode !== null
            ? undefined
            : new Promise((resolve) => {
                child.once('exit', resolve);
                child.kill('SIGKILL');
              }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
