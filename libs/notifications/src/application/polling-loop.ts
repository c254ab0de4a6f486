import { backoffDelay } from '@nce/resilience';

/**
 * Runs `work` repeatedly: again at once while it reports a full batch, after `idleMs` otherwise,
 * backing off (up to 10 s) while it fails. `kick()` runs it soon (a wake-up from Redis).
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = 0;
  private emptyPasses = 0;

  /**
   * `idleMaxMs`: while passes find nothing (and `busy()` is false), the wait doubles from idleMs up to it;
   * any work found or a kick returns to idleMs. Default idleMs: a fixed poll.
   */
  constructor(
    private readonly work: () => Promise<number>,
    private readonly options: {
      idleMs: number;
      fullBatch: number;
      idleMaxMs?: number;
      busy?: () => boolean;
      onError?: (error: unknown) => void;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  kick(): void {
    if (this.stopped) return;
    this.emptyPasses = 0;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
        // A kick that arrived during the pass runs the next one now.
        if (this.again) this.schedule(0);
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    this.again = false;
    let done = 0;
    try {
      done = await this.work();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.options.onError?.(error);
    }
    const backoff =
      this.failures > 0 ? backoffDelay(this.failures + 1, { baseMs: this.options.idleMs, maxMs: 10_000, jitter: 'none' }) : null;
    this.emptyPasses = done > 0 || this.failures > 0 || this.options.busy?.() === true ? 0 : this.emptyPasses + 1;
    const idle = Math.min(
      Math.max(this.options.idleMs, this.options.idleMaxMs ?? this.options.idleMs),
      this.options.idleMs * 2 ** Math.min(Math.max(this.emptyPasses - 1, 0), 20),
    );
    this.schedule(backoff ?? (done >= this.options.fullBatch ? 0 : idle));
  }
}
