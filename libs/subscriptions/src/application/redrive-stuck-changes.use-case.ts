import type { OutboxWriter } from '@nce/messaging';
import type { UnitOfWork } from '@nce/persistence';
import { applyCommand } from './commit-subscription-change.use-case';
import type { SubscriptionChangeRepository } from './subscription-changes.ports';

/**
 * Re-drives changes whose job Redis lost: the apply command goes through the outbox again (its job id
 * is deterministic, so a live job is not duplicated). Changes parked after exhausted retries stay put.
 */
export class RedriveStuckChanges {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      changes: Pick<SubscriptionChangeRepository, 'stuckSince'>;
      outbox: OutboxWriter;
      onCommitted: () => void;
    },
  ) {}

  /** Returns how many changes were re-driven. */
  async pass(cutoff: Date, limit: number): Promise<number> {
    const stuck = await this.deps.changes.stuckSince(cutoff, limit);
    const redrive = stuck.filter((change) => change.delay?.reason !== 'retries_exhausted');
    if (redrive.length === 0) return 0;
    await this.deps.unitOfWork.transaction((tx) =>
      this.deps.outbox.write(
        tx,
        redrive.map((change) => applyCommand(change)),
        new Date(),
      ),
    );
    this.deps.onCommitted();
    return redrive.length;
  }
}
