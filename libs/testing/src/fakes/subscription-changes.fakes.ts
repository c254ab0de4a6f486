import type { SqlExecutor } from '@nce/persistence';
import {
  type ChangeEventDraft,
  ChangeInFlightConflict,
  type KnownSubscription,
  type KnownSubscriptions,
  type PartnerCenterSubscription,
  type SubscriptionChange,
  type SubscriptionChangeEvent,
  type SubscriptionChangeEventStore,
  type SubscriptionChangeRepository,
  type SubscriptionChangesPartnerCenter,
  type SubscriptionCopy,
  type SubscriptionCopyStore,
  type SubscriptionUpdateRequest,
  isTerminalChange,
} from '@nce/subscriptions';
import { writeIn } from './unit-of-work.fakes';

// In-memory fakes of the subscriptions context's ports, for use-case specs (no MySQL, no HTTP).
// Writes go through `writeIn`: the shared in-memory unit of work undoes them with a failed commit.

const clone = <T>(value: T): T => structuredClone(value);

/** Enforces one change in flight per subscription like the database's UNIQUE in_flight key. */
export class InMemoryChanges implements SubscriptionChangeRepository {
  readonly rows = new Map<string, SubscriptionChange>();

  async insert(tx: SqlExecutor, change: SubscriptionChange): Promise<void> {
    if ([...this.rows.values()].some((row) => row.subscriptionId === change.subscriptionId && !isTerminalChange(row.status)))
      throw new ChangeInFlightConflict();
    writeIn(
      tx,
      () => this.rows.set(change.id, clone(change)),
      () => this.rows.delete(change.id),
    );
  }

  async findById(id: string): Promise<SubscriptionChange | null> {
    const row = this.rows.get(id);
    return row ? clone(row) : null;
  }

  async update(tx: SqlExecutor, change: SubscriptionChange): Promise<void> {
    const row = this.rows.get(change.id);
    if (!row || row.version !== change.version) throw new Error('stale write');
    change.version += 1;
    writeIn(
      tx,
      () => this.rows.set(change.id, clone(change)),
      () => this.rows.set(change.id, row),
    );
  }

  async listBySubscription(subscriptionId: string): Promise<SubscriptionChange[]> {
    return [...this.rows.values()]
      .filter((row) => row.subscriptionId === subscriptionId)
      .reverse()
      .map(clone);
  }

  async inFlightFor(subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionChange>> {
    return new Map(
      [...this.rows.values()]
        .filter((row) => subscriptionIds.includes(row.subscriptionId) && !isTerminalChange(row.status))
        .map((row) => [row.subscriptionId, clone(row)]),
    );
  }

  async stuckSince(cutoff: Date, limit: number): Promise<SubscriptionChange[]> {
    const open = [...this.rows.values()].filter(
      (row) => (row.status === 'accepted' || row.status === 'in_progress') && row.updatedAt < cutoff,
    );
    return open
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
      .slice(0, limit)
      .map(clone);
  }
}

export class InMemoryChangeEvents implements SubscriptionChangeEventStore {
  readonly events: SubscriptionChangeEvent[] = [];

  constructor(private readonly changes: InMemoryChanges) {}

  async append(
    tx: SqlExecutor,
    changeId: string,
    drafts: readonly ChangeEventDraft[],
    now: Date,
    lastSequence: number,
  ): Promise<SubscriptionChangeEvent[]> {
    const appended = drafts.map((draft, index) => ({
      changeId,
      sequence: lastSequence + index + 1,
      type: draft.type,
      occurredAt: now,
      data: draft.data,
    }));
    writeIn(
      tx,
      () => this.events.push(...appended),
      () => this.events.splice(this.events.length - appended.length, appended.length),
    );
    const row = this.changes.rows.get(changeId);
    if (row) row.lastEventSequence = lastSequence + appended.length;
    return appended;
  }

  async list(changeId: string, afterSequence: number): Promise<SubscriptionChangeEvent[]> {
    return this.events.filter((event) => event.changeId === changeId && event.sequence > afterSequence);
  }

  typesOf(changeId: string): string[] {
    return this.events.filter((event) => event.changeId === changeId).map((event) => event.type);
  }
}

export class InMemoryCopies implements SubscriptionCopyStore {
  readonly rows = new Map<string, SubscriptionCopy>();

  async find(id: string): Promise<SubscriptionCopy | null> {
    const row = this.rows.get(id);
    return row ? clone(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<SubscriptionCopy[]> {
    return ids.flatMap((id) => (this.rows.has(id) ? [clone(this.rows.get(id) as SubscriptionCopy)] : []));
  }

  async save(tx: SqlExecutor, copy: SubscriptionCopy): Promise<void> {
    const previous = this.rows.get(copy.id);
    writeIn(
      tx,
      () => this.rows.set(copy.id, clone(copy)),
      () => (previous ? this.rows.set(copy.id, previous) : this.rows.delete(copy.id)),
    );
  }

  async staleSince(cutoff: Date, limit: number): Promise<SubscriptionCopy[]> {
    return [...this.rows.values()]
      .filter((row) => row.syncedAt < cutoff)
      .slice(0, limit)
      .map(clone);
  }
}

export class InMemoryKnown implements KnownSubscriptions {
  constructor(
    readonly items: KnownSubscription[] = [],
    private readonly copies?: InMemoryCopies,
  ) {}

  async ofCustomer(customerId: string): Promise<KnownSubscription[]> {
    return this.items.filter((item) => item.customerId === customerId);
  }

  async byIds(ids: readonly string[]): Promise<KnownSubscription[]> {
    return this.items.filter((item) => ids.includes(item.subscriptionId));
  }

  async customers(): Promise<string[]> {
    return [...new Set(this.items.map((item) => item.customerId))];
  }

  async withoutCopy(limit: number): Promise<KnownSubscription[]> {
    return this.items.filter((item) => !this.copies?.rows.has(item.subscriptionId)).slice(0, limit);
  }
}

/**
 * Partner Center's subscription with MS-RequestId replay: a PATCH whose id was seen answers the
 * first result without applying again. `next` scripts the outcome of the coming PATCHes.
 */
export class FakeSubscriptionPartnerCenter implements SubscriptionChangesPartnerCenter {
  readonly applied: Array<{ requestId: string; update: SubscriptionUpdateRequest }> = [];
  readonly sent: string[] = [];
  private readonly replies = new Map<string, PartnerCenterSubscription>();
  next: Array<'apply' | { throwAfterApply: Error } | { throwBeforeApply: Error }> = [];

  constructor(public subscription: PartnerCenterSubscription) {}

  async getSubscription(): Promise<PartnerCenterSubscription> {
    return clone(this.subscription);
  }

  async updateSubscription(
    _customerId: string,
    _subscriptionId: string,
    update: SubscriptionUpdateRequest,
    context: { requestId: string },
  ): Promise<PartnerCenterSubscription> {
    this.sent.push(context.requestId);
    const script = this.next.shift() ?? 'apply';
    if (typeof script === 'object' && 'throwBeforeApply' in script) throw script.throwBeforeApply;
    const replay = this.replies.get(context.requestId);
    if (replay) return clone(replay);
    this.applied.push({ requestId: context.requestId, update });
    this.subscription = {
      ...this.subscription,
      ...(update.quantity !== undefined ? { quantity: update.quantity } : {}),
      ...(update.autoRenewEnabled !== undefined ? { autoRenewEnabled: update.autoRenewEnabled } : {}),
      ...(update.status ? { status: update.status } : {}),
    };
    this.replies.set(context.requestId, clone(this.subscription));
    if (typeof script === 'object' && 'throwAfterApply' in script) throw script.throwAfterApply;
    return clone(this.subscription);
  }
}
