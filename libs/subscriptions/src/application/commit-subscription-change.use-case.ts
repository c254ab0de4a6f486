import { JOB_NAMES, subscriptionChangeJobId } from '@nce/contracts';
import { type OutboxCommand, type OutboxWriter, SQL_OUTBOX } from '@nce/messaging';
import type { SqlExecutor } from '@nce/persistence';
import type { ChangeTransition, SubscriptionChange, SubscriptionChangeEvent } from '../domain/subscription-change.model';
import type { SubscriptionChangeEventStore, SubscriptionChangeRepository } from './subscription-changes.ports';

export function applyCommand(change: Pick<SubscriptionChange, 'id' | 'run'>, delayMs?: number): OutboxCommand {
  // The change id is the correlation id from API to worker to Partner Center (MS-CorrelationId).
  return {
    name: JOB_NAMES.subscriptionChange,
    jobId: subscriptionChangeJobId(change.id, change.run),
    data: { changeId: change.id, run: change.run, correlationId: change.id },
    delayMs,
  };
}

/** A change's new state, its events and its commands in the caller's transaction (one commit or none). */
export class CommitSubscriptionChange {
  constructor(
    private readonly changes: SubscriptionChangeRepository,
    private readonly events: SubscriptionChangeEventStore,
    private readonly outbox: OutboxWriter = SQL_OUTBOX,
  ) {}

  async execute(
    tx: SqlExecutor,
    transition: ChangeTransition,
    options: { isNew: boolean; now: Date; commands?: readonly OutboxCommand[] },
  ): Promise<SubscriptionChangeEvent[]> {
    const change = transition.change;
    if (options.isNew) await this.changes.insert(tx, change);
    else await this.changes.update(tx, change);
    const appended = await this.events.append(tx, change.id, transition.events, options.now, change.lastEventSequence);
    change.lastEventSequence += appended.length;
    await this.outbox.write(tx, options.commands ?? [], options.now);
    return appended;
  }
}
