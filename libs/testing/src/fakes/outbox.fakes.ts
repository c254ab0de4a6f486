import type { OutboxCommand, OutboxWriter } from '@nce/messaging';
import type { SqlExecutor } from '@nce/persistence';
import { writeIn } from './unit-of-work.fakes';

/** The outbox port in memory: the commands committed, in order. */
export class InMemoryOutbox implements OutboxWriter {
  readonly commands: Array<OutboxCommand & { at: Date }> = [];

  async write(tx: SqlExecutor, commands: readonly OutboxCommand[], now: Date): Promise<void> {
    const added = commands.map((command) => ({ ...command, at: now }));
    writeIn(
      tx,
      () => this.commands.push(...added),
      () => this.commands.splice(this.commands.length - added.length, added.length),
    );
  }

  jobIds(): string[] {
    return this.commands.map((command) => command.jobId);
  }
}
