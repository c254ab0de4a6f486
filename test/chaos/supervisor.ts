import { type RunningProcess, startProcess } from '../../libs/testing/src';

/**
 * One supervised app process (what systemd or Kubernetes does in production): started, and started
 * again whenever it exits while the run is on, however it died. Faults kill it; this brings it back.
 */
export class Supervised {
  current: RunningProcess | null = null;
  restarts = 0;
  private stopping = false;
  private restarting: Promise<void> | null = null;

  constructor(
    readonly slot: string,
    readonly app: string,
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {}

  /** The API's URL while it is up (null while it restarts). */
  get url(): string | null {
    return this.up ? (this.current?.url ?? null) : null;
  }

  get up(): boolean {
    const process = this.current;
    return Boolean(process && process.child.exitCode === null && process.child.signalCode === null);
  }

  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  async start(): Promise<void> {
    const process = await startProcess(this.app, this.env, { timeoutMs: 60_000 });
    this.current = process;
    void process.exited.then(() => {
      if (this.current === process) this.current = null;
      if (!this.stopping) this.restartSoon();
    });
  }

  /** SIGKILL, then wait until the supervisor has it up again (a new process). */
  async killAndWait(timeoutMs = 120_000): Promise<{ before?: number; after?: number }> {
    const victim = this.current;
    const before = victim?.child.pid;
    if (victim) {
      victim.child.kill('SIGKILL');
      await victim.exited;
    }
    const deadline = Date.now() + timeoutMs;
    while (!this.up || this.current === victim) {
      if (Date.now() > deadline) throw new Error(`${this.slot} did not come back within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { before, after: this.pid };
  }

  /** Sends a signal to the running process (SIGKILL: it comes back through the supervisor). */
  signal(signal: NodeJS.Signals): boolean {
    const process = this.current;
    if (!process || process.child.exitCode !== null || process.child.signalCode !== null) return false;
    return process.child.kill(signal);
  }

  output(): string {
    return this.current?.output() ?? '';
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting?.catch(() => undefined);
    this.signal('SIGCONT');
    await this.current?.stop(10_000);
  }

  private restartSoon(): void {
    if (this.restarting) return;
    this.restarting = (async () => {
      for (let attempt = 1; !this.stopping; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 300 * attempt)));
        if (this.stopping) return;
        try {
          await this.start();
          this.restarts += 1;
          return;
        } catch (error) {
          this.log(`${this.slot}: restart attempt ${attempt} failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    })().finally(() => {
      this.restarting = null;
    });
  }
}
