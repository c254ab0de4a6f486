import { spawn } from 'node:child_process';
import { freePort } from './processes';
import { waitFor } from './wait';
import { portAnswers } from './infrastructure';

export interface PrivateRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server of the test's own (never the shared one) that the test may stop and restart. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ReturnType<typeof spawn> | null = null;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => portAnswers('127.0.0.1', port, 200), { timeoutMs: 10_000, what: `redis on ${port}` });
  };
  const stop = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    child = null;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}
