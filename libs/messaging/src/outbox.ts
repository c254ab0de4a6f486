import { type JobName, JOB_TO_QUEUE, type JobPayloads } from '@nce/contracts';
import { type SqlExecutor, toSqlTime } from '@nce/persistence';

export interface OutboxCommand<N extends JobName = JobName> {
  name: N;
  jobId: string;
  data: JobPayloads[N];
  delayMs?: number;
}

/** Where use cases write their commands (a port, so that unit specs use an in-memory outbox). */
export interface OutboxWriter {
  write(tx: SqlExecutor, commands: readonly OutboxCommand[], now: Date): Promise<void>;
}

/** The `outbox` table, written in the caller's transaction. */
export const SQL_OUTBOX: OutboxWriter = { write: (tx, commands, now) => writeOutbox(tx, commands, now) };

/** Writes commands in the caller's transaction; the relay publishes them after commit. */
export async function writeOutbox(tx: SqlExecutor, commands: readonly OutboxCommand[], now: Date): Promise<void> {
  if (commands.length === 0) return;
  const placeholders = commands.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
  const values = commands.flatMap((command) => [
    JOB_TO_QUEUE[command.name],
    command.name,
    command.jobId,
    JSON.stringify(command.data),
    command.delayMs ?? 0,
    toSqlTime(now),
  ]);
  await tx.query(`INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms, created_at) VALUES ${placeholders}`, values);
}
