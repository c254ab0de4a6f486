import type { UnitOfWork } from '@nce/persistence';
import { runInLane } from '@nce/resilience';
import { copyFromPartnerCenter, knownOf } from './partner-center-copy.mapper';
import type {
  KnownSubscription,
  KnownSubscriptions,
  SubscriptionChangesPartnerCenter,
  SubscriptionCopyStore,
} from './subscription-changes.ports';

export interface SyncResult {
  synced: number;
  failed: Array<{ subscriptionId: string; error: string }>;
}

/**
 * Refreshes our copy of subscriptions from Partner Center: after an order completes (the job its
 * completion enqueues), periodically (renewals, ended terms) and on demand (ops CLI). Reads only:
 * it never changes anything at Microsoft. Runs in the bulk lane: customers' changes go first.
 */
export class SyncSubscriptions {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      known: KnownSubscriptions;
      copies: SubscriptionCopyStore;
      partnerCenter: Pick<SubscriptionChangesPartnerCenter, 'getSubscription'>;
      clock?: () => Date;
    },
  ) {}

  /** A customer's subscriptions (all we know of, or the ones named). */
  async customer(customerId: string, subscriptionIds?: readonly string[], correlationId?: string): Promise<SyncResult> {
    const known =
      subscriptionIds && subscriptionIds.length > 0
        ? (await this.deps.known.byIds(subscriptionIds)).filter((item) => item.customerId === customerId)
        : await this.deps.known.ofCustomer(customerId);
    return this.sync(known, correlationId);
  }

  /** Every customer we know subscriptions of (ops). */
  async all(): Promise<SyncResult> {
    const total: SyncResult = { synced: 0, failed: [] };
    for (const customerId of await this.deps.known.customers()) {
      const result = await this.customer(customerId);
      total.synced += result.synced;
      total.failed.push(...result.failed);
    }
    return total;
  }

  /** The periodic pass: subscriptions never read first, then copies read longest ago (before `cutoff`), at most `limit` in all. */
  async stale(cutoff: Date, limit: number): Promise<SyncResult> {
    const missing = await this.deps.known.withoutCopy(limit);
    const copies = missing.length < limit ? await this.deps.copies.staleSince(cutoff, limit - missing.length) : [];
    return this.sync([...missing, ...copies.map(knownOf)]);
  }

  private async sync(known: readonly KnownSubscription[], correlationId?: string): Promise<SyncResult> {
    const result: SyncResult = { synced: 0, failed: [] };
    for (const item of known) {
      try {
        const subscription = await runInLane('bulk', () =>
          this.deps.partnerCenter.getSubscription(item.customerTenantId, item.subscriptionId, { correlationId }),
        );
        const copy = copyFromPartnerCenter(item, subscription, this.deps.clock?.() ?? new Date());
        await this.deps.unitOfWork.transaction((tx) => this.deps.copies.save(tx, copy));
        result.synced += 1;
      } catch (error) {
        result.failed.push({ subscriptionId: item.subscriptionId, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return result;
  }
}
