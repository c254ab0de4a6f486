import type { SqlExecutor } from '@nce/persistence';
import type { ChangeEventDraft, SubscriptionChange, SubscriptionChangeEvent } from '../domain/subscription-change.model';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';

export interface SubscriptionCopyStore {
  find(subscriptionId: string, options?: { tx?: SqlExecutor; forUpdate?: boolean }): Promise<SubscriptionCopy | null>;
  findMany(subscriptionIds: readonly string[]): Promise<SubscriptionCopy[]>;
  /** Inserts or replaces what Partner Center told us. */
  save(tx: SqlExecutor, copy: SubscriptionCopy): Promise<void>;
  /** Copies last read before `cutoff`, oldest first (the periodic sync). */
  staleSince(cutoff: Date, limit: number): Promise<SubscriptionCopy[]>;
}

export interface SubscriptionChangeRepository {
  /**
   * Inserts a new change; throws `ChangeInFlightConflict` when the subscription already has one
   * accepted or in progress (the UNIQUE in-flight key: the database decides, not a read).
   */
  insert(tx: SqlExecutor, change: SubscriptionChange): Promise<void>;
  findById(id: string, options?: { tx?: SqlExecutor; forUpdate?: boolean }): Promise<SubscriptionChange | null>;
  /** Writes the new state; fails if another writer changed it since it was read (version). */
  update(tx: SqlExecutor, change: SubscriptionChange): Promise<void>;
  listBySubscription(subscriptionId: string, limit: number): Promise<SubscriptionChange[]>;
  /** The change accepted or in progress on each of these subscriptions. */
  inFlightFor(subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionChange>>;
  /** Accepted or in progress, untouched since `cutoff` (the reconciler re-drives them). */
  stuckSince(cutoff: Date, limit: number): Promise<SubscriptionChange[]>;
}

export class ChangeInFlightConflict extends Error {}

export interface SubscriptionChangeEventStore {
  /** Appends after the change's last sequence (the change row is locked or new). */
  append(
    tx: SqlExecutor,
    changeId: string,
    drafts: readonly ChangeEventDraft[],
    now: Date,
    lastSequence: number,
  ): Promise<SubscriptionChangeEvent[]>;
  list(changeId: string, afterSequence: number, limit?: number): Promise<SubscriptionChangeEvent[]>;
}

/** Told after commit (wakes live SSE readers in every API instance; best effort). */
export interface ChangeEventSink {
  committed(events: readonly SubscriptionChangeEvent[]): void;
}

/** The subscriptions we know of (bought by our orders), with the tenant to ask Partner Center about. */
export interface KnownSubscription {
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  customerTenantId: string;
  orderId: string | null;
  catalogItemId: string;
  termDuration: string | null;
  billingCycle: string | null;
}

export interface KnownSubscriptions {
  ofCustomer(customerId: string): Promise<KnownSubscription[]>;
  byIds(subscriptionIds: readonly string[]): Promise<KnownSubscription[]>;
  /** Every customer with a known subscription (ops sync of everything). */
  customers(): Promise<string[]>;
  /** Bought but never read from Partner Center (before this feature, or a lost sync job). */
  withoutCopy(limit: number): Promise<KnownSubscription[]>;
}

/** Microsoft's subscription as the change flow reads it (a structural subset of the Partner Center client's). */
export interface PartnerCenterSubscription {
  id: string;
  offerId: string;
  quantity: number;
  status: string;
  autoRenewEnabled?: boolean;
  commitmentEndDate?: string;
  commitmentEndDateTime?: string;
  cancellationAllowedUntilDate?: string;
  refundableQuantity?: { totalQuantity: number; details: Array<{ quantity: number; allowedUntilDateTime: string }> };
  termDuration?: string;
  billingCycle?: string;
  orderId?: string;
  attributes?: { etag?: string };
}

export interface SubscriptionUpdateRequest {
  quantity?: number;
  autoRenewEnabled?: boolean;
  status?: 'deleted';
}

export interface SubscriptionChangesPartnerCenter {
  getSubscription(customerId: string, subscriptionId: string, context?: { correlationId?: string }): Promise<PartnerCenterSubscription>;
  updateSubscription(
    customerId: string,
    subscriptionId: string,
    update: SubscriptionUpdateRequest,
    context: { correlationId?: string; requestId: string },
  ): Promise<PartnerCenterSubscription>;
}

export type ChangeRefusalCode = 'REFUND_WINDOW_CLOSED' | 'QUANTITY_OUT_OF_RANGE' | 'SUBSCRIPTION_NOT_ACTIVE' | 'CHANGE_REFUSED';

/** Partner Center's refusal of a PATCH as our code (undefined: not a refusal; retry or read back). */
export type ChangeRefusalMapper = (error: unknown) => { code: ChangeRefusalCode; detail: string } | undefined;
