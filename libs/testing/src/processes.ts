import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { testConfig } from './test-config';

export interface RunningProcess {
  name: string;
  url: string | null;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit (SIGKILL after the grace period). */
  stop(graceMs?: number): Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

export function distEntry(app: string): string {
  return resolve(process.cwd(), 'dist', 'apps', app, 'src', 'main.js');
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts a built app as a real process and waits for its ready line (`<name> listening on <url>`
 * or `<name> ready`). Output is kept for assertions and failure messages.
 */
export function startProcess(
  app: string,
  env: Record<string, string>,
  options: { ready?: RegExp; timeoutMs?: number; args?: string[]; nodeArgs?: string[] } = {},
): Promise<RunningProcess> {
  const ready = options.ready ?? /(listening on (http:\/\/\S+)|\bready\b)/;
  const child = spawn(process.execPath, ['--enable-source-maps', ...(options.nodeArgs ?? []), distEntry(app), ...(options.args ?? [])], {
    env: testConfig.childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return new Promise((resolveStart, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${app} did not become ready in time. Output:\n${buffer.slice(-4000)}`));
    }, options.timeoutMs ?? 30_000);
    const onOutput = (chunk: Buffer): void => {
      buffer += chunk.toString();
      if (buffer.length > 2_000_000) buffer = buffer.slice(-1_000_000);
      const match = started ? null : ready.exec(buffer);
      if (!match) return;
      started = true;
      clearTimeout(timer);
      resolveStart({
        name: app,
        url: match[2] ?? null,
        child,
        output: () => buffer,
        exited,
        kill: (signal = 'SIGKILL') => child.kill(signal),
        stop: async (graceMs = 10_000) => {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const code = await exited;
          clearTimeout(timeout);
          return code;
        },
      });
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    void exited.then((code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`${app} exited with ${code} before it was ready. Output:\n${buffer.slice(-4000)}`));
    });
  });
}

/** Runs a built app to completion (a CLI command) and returns its stdout. */
export function runToCompletion(app: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [distEntry(app), ...args], { env: testConfig.childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolveRun(stdout) : reject(new Error(`${app} ${args.join(' ')} exited ${code}: ${stderr || stdout}`)),
    );
  });
}
