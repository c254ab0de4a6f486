import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A JSON-lines log file rotated by size: `<name>.log` grows to `maxBytes`, then becomes `<name>.log.1`
 * (older ones shift to `.2` … `.keep`, the oldest is dropped). Writes are synchronous: a supervisor writes
 * a child's lines as they arrive and must not lose the last ones when it exits right after.
 */
export class RotatingLog {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly keep = 3,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o600);
    this.size = statSync(path).size;
  }

  /** Appends one line; a line that is not a JSON object is wrapped as `{ time, level, name, msg }`. */
  line(text: string, name: string, stream: 'stdout' | 'stderr'): void {
    const trimmed = text.trimEnd();
    if (trimmed === '') return;
    const json =
      trimmed.startsWith('{') && trimmed.endsWith('}')
        ? trimmed
        : JSON.stringify({ time: new Date().toISOString(), level: stream === 'stderr' ? 50 : 30, name, msg: trimmed });
    this.write(`${json}\n`);
  }

  /** A supervisor event (start, exit, restart) in the same file, so a reader sees it among the child's lines. */
  event(name: string, msg: string, fields: Record<string, unknown> = {}): void {
    this.write(`${JSON.stringify({ time: new Date().toISOString(), level: 30, name: 'supervisor', process: name, msg, ...fields })}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, text);
    this.size += bytes;
  }

  private rotate(): void {
    closeSync(this.fd);
    const oldest = `${this.path}.${this.keep}`;
    if (existsSync(oldest)) unlinkSync(oldest);
    for (let index = this.keep - 1; index >= 1; index -= 1) {
      if (existsSync(`${this.path}.${index}`)) renameSync(`${this.path}.${index}`, `${this.path}.${index + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }
}
