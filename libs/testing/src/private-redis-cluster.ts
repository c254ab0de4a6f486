import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portAnswers } from './infrastructure';
import { freePort } from './processes';
import { waitFor } from './wait';

export interface PrivateRedisCluster {
  /** `host:port,…` for REDIS_CLUSTER_NODES. */
  nodes: string;
  ports: number[];
  /** The port of the master that serves the slot of `key` now. */
  masterOf(key: string): number;
  /** SIGKILL of one node. */
  kill(port: number): void;
  /** Waits until the cluster serves every slot again (after a failover). */
  healthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function cli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 10_000 });
}

/** A Redis Cluster of the test's own: `masters` masters with one replica each, on free ports, no persistence. */
export async function startPrivateRedisCluster(masters = 3): Promise<PrivateRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const ports: number[] = [];
  for (let index = 0; index < masters * 2; index += 1) ports.push(await freePort());
  const children = new Map<number, ChildProcess>();
  for (const port of ports) {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '2000',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    children.set(port, child);
  }
  for (const port of ports)
    await waitFor(() => portAnswers('127.0.0.1', port, 200), { timeoutMs: 10_000, what: `redis cluster node ${port}` });
  execFileSync(
    'redis-cli',
    ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '1', '--cluster-yes'],
    { stdio: 'ignore', timeout: 60_000 },
  );
  const alive = (): number[] => ports.filter((port) => children.get(port)?.exitCode === null && children.get(port)?.signalCode === null);
  const healthy = async (timeoutMs = 30_000): Promise<void> => {
    await waitFor(() => alive().every((port) => cli(port, 'cluster', 'info').includes('cluster_state:ok')), {
      timeoutMs,
      intervalMs: 200,
      what: 'the Redis cluster to serve every slot',
    });
  };
  await healthy();
  return {
    nodes: ports.map((port) => `127.0.0.1:${port}`).join(','),
    ports,
    masterOf: (key) => {
      const slot = Number(cli(alive()[0], 'cluster', 'keyslot', key).trim());
      for (const line of cli(alive()[0], 'cluster', 'nodes').split('\n')) {
        const fields = line.split(' ');
        if (!fields[2]?.includes('master') || fields[2].includes('fail')) continue;
        for (const range of fields.slice(8)) {
          const [from, to] = range.split('-').map(Number);
          if (slot >= from && slot <= (to ?? from)) return Number(fields[1].split(':')[1].split('@')[0]);
        }
      }
      throw new Error(`no master serves slot ${slot}`);
    },
    kill: (port) => children.get(port)?.kill('SIGKILL'),
    healthy,
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
