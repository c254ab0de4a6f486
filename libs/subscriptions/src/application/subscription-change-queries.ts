import { type Principal, canSee } from '@nce/contracts';
import type { SubscriptionChange, SubscriptionChangeEvent } from '../domain/subscription-change.model';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';
import {
  ChangeValidationError,
  SubscriptionChangeNotFoundError,
  SubscriptionCopyNotFoundError,
} from '../domain/subscription-changes.errors';
import type {
  KnownSubscriptions,
  SubscriptionChangeEventStore,
  SubscriptionChangeRepository,
  SubscriptionCopyStore,
} from './subscription-changes.ports';

/** Read side of subscription changes, scoped like orders (what the caller may not see does not exist). */
export class SubscriptionChangeQueries {
  constructor(
    private readonly deps: {
      changes: SubscriptionChangeRepository;
      events: SubscriptionChangeEventStore;
      copies: SubscriptionCopyStore;
      known: KnownSubscriptions;
    },
  ) {}

  async get(principal: Principal, id: string): Promise<SubscriptionChange> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.deps.changes.findById(id) : null;
    if (!found || !canSee(principal, found)) throw new SubscriptionChangeNotFoundError(id);
    return found;
  }

  async events(principal: Principal, id: string, afterSequence: number): Promise<SubscriptionChangeEvent[]> {
    await this.get(principal, id);
    return this.deps.events.list(id, afterSequence);
  }

  /** A subscription's changes, newest first (the last 100). */
  async list(principal: Principal, subscriptionId: string | undefined): Promise<SubscriptionChange[]> {
    if (!subscriptionId)
      throw new ChangeValidationError([{ field: 'subscriptionId', message: 'Name the subscription whose changes to list' }]);
    const owner = (await this.deps.copies.find(subscriptionId)) ?? (await this.deps.known.byIds([subscriptionId]))[0];
    if (!owner || !canSee(principal, owner)) throw new SubscriptionCopyNotFoundError(subscriptionId);
    return this.deps.changes.listBySubscription(subscriptionId, 100);
  }

  /** Our copies and the changes in flight of these subscriptions (GET /v1/subscriptions fills its fields from them). */
  async overview(
    subscriptionIds: readonly string[],
  ): Promise<{ copies: Map<string, SubscriptionCopy>; inFlight: Map<string, SubscriptionChange> }> {
    if (subscriptionIds.length === 0) return { copies: new Map(), inFlight: new Map() };
    const [copies, inFlight] = await Promise.all([
      this.deps.copies.findMany(subscriptionIds),
      this.deps.changes.inFlightFor(subscriptionIds),
    ]);
    return { copies: new Map(copies.map((copy) => [copy.id, copy])), inFlight };
  }
}
