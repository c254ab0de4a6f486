import { randomUUID } from 'node:crypto';
import { JOB_NAMES, gdapCheckJobId } from '@nce/contracts';
import { type OutboxCommand, writeOutbox } from '@nce/messaging';
import type { SqlExecutor } from '@nce/persistence';

/** Checks asked for by a person: the button (`requested`) or new required roles (`roles_changed`). */
type OnDemandReason = 'requested' | 'roles_changed';

/**
 * Enqueues a GDAP check through the outbox. Job ids are deterministic per trigger; button presses
 * (`requested`) within the same 5 s share one check.
 */
export function gdapCheckCommand(
  customerId: string,
  reason: OnDemandReason,
  correlationId: string = randomUUID(),
  now = Date.now(),
): OutboxCommand<'gdap.check'> {
  return {
    name: JOB_NAMES.gdapCheck,
    jobId: gdapCheckJobId(customerId, { reason, atMs: now }),
    data: { customerId, reason, correlationId },
  };
}

export async function requestGdapChecks(
  tx: SqlExecutor,
  customerIds: readonly string[],
  reason: OnDemandReason,
  now = new Date(),
): Promise<void> {
  await writeOutbox(
    tx,
    customerIds.map((customerId) => gdapCheckCommand(customerId, reason, undefined, now.getTime())),
    now,
  );
}
