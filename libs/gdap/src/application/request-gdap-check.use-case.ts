import { randomUUID } from 'node:crypto';
import { JOB_NAMES, type GdapCheckPayload } from '@nce/contracts';
import { type OutboxCommand, writeOutbox } from '@nce/messaging';
import type { SqlExecutor } from '@nce/persistence';

/**
 * Enqueues a GDAP check through the outbox. Job ids are deterministic per trigger; button presses
 * (`requested`) within the same 5 s share one check.
 */
export function gdapCheckCommand(customerId: string, reason: GdapCheckPayload['reason'], correlationId: string = randomUUID(), now = Date.now()): OutboxCommand<'gdap.check'> {
  const bucket = reason === 'requested' || reason === 'roles_changed' ? `-${Math.floor(now / 5000)}` : '';
  return { name: JOB_NAMES.gdapCheck, jobId: `gdap-${customerId}-${reason}${bucket}`, data: { customerId, reason, correlationId } };
}

export async function requestGdapChecks(tx: SqlExecutor, customerIds: readonly string[], reason: GdapCheckPayload['reason'], now = new Date()): Promise<void> {
  await writeOutbox(tx, customerIds.map((customerId) => gdapCheckCommand(customerId, reason, undefined, now.getTime())), now);
}
