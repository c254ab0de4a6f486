import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { RotatingLog } from './rotating-log';

/** Stop order: intake first, then the workers (they finish their in-flight jobs), the simulator last. */
export type ProcessRole = 'intake' | 'worker' | 'simulator';
const STOP_ORDER: ProcessRole[] = ['intake', 'worker', 'simulator'];

export interface ProcessSpec {
  name: string;
  role: ProcessRole;
  /** The built entry point (dist/…/main.js). */
  entry: string;
  env: Record<string, string>;
  /** Time the process gets after SIGTERM before SIGKILL (workers: their own 25 s job grace + margin). */
  stopGraceMs: number;
}

export interface SupervisorOptions {
  logDir: string;
  print(line: string): void;
  /** Lines of a dying process's output printed with its exit reason. */
  tailLines?: number;
  /** Crashes within `crashWindowMs` after which the supervisor gives up and stops the stack. */
  maxCrashes?: number;
  crashWindowMs?: number;
  readyTimeoutMs?: number;
}

const READY = /(listening on (http:\/\/\S+)|\bready\b)/;

class Supervised {
  child: ChildProcess | undefined;
  url: string | null = null;
  readonly tail: string[] = [];
  readonly crashes: number[] = [];
  stopping = false;
  exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ProcessSpec,
    readonly log: RotatingLog,
  ) {}
}

/**
 * Runs the stack's processes: each in its own process group (a terminal's Ctrl-C reaches the supervisor
 * only, which then stops them in order), output into a rotated JSON log file per process under `logDir`,
 * a crashed process restarted (with backoff) instead of the stack stopped, its last lines and exit reason
 * printed. Children watch their stdin pipe (exit-with-parent) so none outlives the supervisor.
 */
export class Supervisor {
  private readonly processes: Supervised[] = [];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  get names(): string[] {
    return this.processes.map((entry) => entry.spec.name);
  }

  url(name: string): string | null {
    return this.processes.find((entry) => entry.spec.name === name)?.url ?? null;
  }

  pid(name: string): number | undefined {
    return this.processes.find((entry) => entry.spec.name === name)?.child?.pid;
  }

  /** Starts a process and waits for its ready line. */
  async start(spec: ProcessSpec): Promise<string | null> {
    const entry = new Supervised(spec, new RotatingLog(join(this.options.logDir, `${spec.name}.log`)));
    this.processes.push(entry);
    await this.launch(entry);
    return entry.url;
  }

  /** Orderly stop: intake, then workers (in parallel), then the simulator; each SIGTERM, SIGKILL after its grace. */
  async stopAll(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const role of STOP_ORDER) {
      const group = this.processes.filter((entry) => entry.spec.role === role);
      await Promise.all(group.map((entry) => this.stopOne(entry)));
    }
    for (const entry of this.processes) entry.log.close();
  }

  private async stopOne(entry: Supervised): Promise<void> {
    entry.stopping = true;
    const child = entry.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    entry.log.event(entry.spec.name, 'stopping (SIGTERM)');
    signalGroup(child, 'SIGTERM');
    const force = setTimeout(() => {
      this.options.print(`${entry.spec.name} did not stop within ${entry.spec.stopGraceMs} ms; killing it`);
      signalGroup(child, 'SIGKILL');
    }, entry.spec.stopGraceMs);
    await entry.exited;
    clearTimeout(force);
  }

  private launch(entry: Supervised): Promise<void> {
    const { spec } = entry;
    const preload = resolve(__dirname, 'exit-with-parent.js');
    const child = spawn(process.execPath, ['--enable-source-maps', '--require', preload, spec.entry], {
      env: { ...process.env, ...spec.env, NCE_SUPERVISED: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C (SIGINT to the foreground group) does not reach it.
      detached: true,
    });
    entry.child = child;
    entry.url = null;
    entry.log.event(spec.name, 'started', { pid: child.pid });
    let resolveExit: () => void = () => undefined;
    entry.exited = new Promise((done) => (resolveExit = done));
    const tailLines = this.options.tailLines ?? 30;
    let readyResolve: () => void = () => undefined;
    let readyReject: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((ok, fail) => {
      readyResolve = ok;
      readyReject = fail;
    });
    let isReady = false;
    const onLines = (stream: 'stdout' | 'stderr'): ((chunk: Buffer) => void) => {
      let partial = '';
      return (chunk) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          entry.log.line(line, spec.name, stream);
          entry.tail.push(line);
          if (entry.tail.length > tailLines) entry.tail.shift();
          if (!isReady) {
            const match = READY.exec(line);
            if (match) {
              isReady = true;
              entry.url = match[2] ?? null;
              readyResolve();
            }
          }
        }
      };
    };
    child.stdout?.on('data', onLines('stdout'));
    child.stderr?.on('data', onLines('stderr'));
    // The pipe stays open for the child's life; its end tells the child that the supervisor is gone.
    child.stdin?.on('error', () => undefined);
    const timer = setTimeout(
      () => readyReject(new Error(`${spec.name} did not become ready within ${this.options.readyTimeoutMs ?? 60_000} ms`)),
      this.options.readyTimeoutMs ?? 60_000,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const reason = signal !== null ? `signal ${signal}` : `exit code ${code}`;
      entry.log.event(spec.name, 'exited', { code, signal });
      resolveExit();
      if (!isReady) readyReject(new Error(`${spec.name} exited (${reason}) before it was ready:\n${indent(entry.tail)}`));
      else if (!entry.stopping && !this.stopping) void this.onCrash(entry, reason);
    });
    return ready.finally(() => clearTimeout(timer));
  }

  private async onCrash(entry: Supervised, reason: string): Promise<void> {
    const { print } = this.options;
    const now = Date.now();
    const window = this.options.crashWindowMs ?? 60_000;
    entry.crashes.push(now);
    while (entry.crashes.length > 0 && entry.crashes[0] < now - window) entry.crashes.shift();
    print(`\n${entry.spec.name} died (${reason}). Its last lines (full log: ${entry.log.path}):\n${indent(entry.tail)}`);
    const maxCrashes = this.options.maxCrashes ?? 5;
    if (entry.crashes.length >= maxCrashes) {
      print(`${entry.spec.name} crashed ${entry.crashes.length} times within ${Math.round(window / 1000)} s; stopping the stack.`);
      await this.stopAll();
      process.exitCode = 1;
      return;
    }
    const backoffMs = Math.min(30_000, 1_000 * 2 ** (entry.crashes.length - 1));
    print(
      `restarting ${entry.spec.name} in ${backoffMs / 1000} s (crash ${entry.crashes.length} of ${maxCrashes} allowed within ${Math.round(window / 1000)} s)`,
    );
    await new Promise((done) => setTimeout(done, backoffMs));
    if (this.stopping) return;
    entry.tail.length = 0;
    try {
      await this.launch(entry);
      print(`${entry.spec.name} restarted`);
    } catch (error) {
      print(`${entry.spec.name} did not come back: ${error instanceof Error ? error.message : String(error)}`);
      if (!this.stopping) void this.onCrash(entry, 'restart failed');
    }
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The whole group: an API in cluster mode has worker processes of its own.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function indent(lines: string[]): string {
  return lines.map((line) => `  | ${line}`).join('\n');
}
