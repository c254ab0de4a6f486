import { randomUUID } from 'node:crypto';
import type { CatalogQuery } from '@nce/catalog';
import { JOB_NAMES, type Principal, canSee, subscriptionSyncJobId } from '@nce/contracts';
import type { OutboxCommand, OutboxWriter } from '@nce/messaging';
import { type IdempotencyStore, IdempotencyKeyInProgressError, IdempotencyKeyMismatchError, requestHash } from '@nce/orders';
import type { UnitOfWork } from '@nce/persistence';
import { type PlanLimits, checkChangeRequest } from '../domain/change-intake-rules';
import { type SubscriptionChange, type SubscriptionChangeEvent, acceptChange, kindOf } from '../domain/subscription-change.model';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';
import {
  ChangeForbiddenError,
  ChangeRefusedError,
  ChangeValidationError,
  SubscriptionCopyNotFoundError,
  SubscriptionNotSyncedError,
} from '../domain/subscription-changes.errors';
import { parseChangeRequest } from './change-request.schema';
import { type CommitSubscriptionChange, applyCommand } from './commit-subscription-change.use-case';
import {
  ChangeInFlightConflict,
  type ChangeEventSink,
  type KnownSubscription,
  type KnownSubscriptions,
  type SubscriptionChangeRepository,
  type SubscriptionCopyStore,
} from './subscription-changes.ports';

export interface RequestChangeResult {
  /** The change accepted now, or the one the replayed response names (for Location and the audit). */
  changeId: string;
  status: number;
  body: string;
  replayed: boolean;
}

function storedChangeId(body: string): string {
  const parsed = JSON.parse(body) as { id?: unknown };
  return typeof parsed.id === 'string' ? parsed.id : '';
}

/**
 * POST /v1/subscriptions/{id}/changes: validate, scope like orders, claim the Idempotency-Key (the
 * orders' store: same key + same body → the first response), check the NCE rules on our copy, then
 * commit the change, its `accepted` event, its job and the stored response in ONE transaction. The
 * database refuses a second change in flight (UNIQUE key), whatever a concurrent request read.
 */
export class RequestSubscriptionChange {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      copies: SubscriptionCopyStore;
      known: KnownSubscriptions;
      changes: SubscriptionChangeRepository;
      catalog: Pick<CatalogQuery, 'plansFor'>;
      idempotency: IdempotencyStore;
      commit: CommitSubscriptionChange;
      /** Where the sync of a bought but unread subscription is queued (SUBSCRIPTION_NOT_SYNCED). */
      outbox: OutboxWriter;
      present: (change: SubscriptionChange) => unknown;
      /** Whether the partner lets its customers act themselves (the orders' customerSelfOrdering opt-in). */
      customersMayChange: (partnerId: string) => Promise<boolean>;
      eventSink?: ChangeEventSink;
      onCommitted?: () => void;
      clock?: () => Date;
    },
  ) {}

  async execute(principal: Principal, subscriptionId: string, idempotencyKey: string, rawBody: unknown): Promise<RequestChangeResult> {
    const parsed = parseChangeRequest(rawBody);
    if ('errors' in parsed) throw new ChangeValidationError(parsed.errors);
    const request = parsed.request;
    const copy = await this.visibleCopy(principal, subscriptionId);
    if (principal.role === 'customer' && !(await this.deps.customersMayChange(copy.partnerId))) {
      throw new ChangeForbiddenError(
        'Your partner has not enabled customer self-service; ask your partner to change the subscription for you or to opt in.',
      );
    }

    const now = this.deps.clock?.() ?? new Date();
    // The subscription is part of the request: the same key on another subscription is a mismatch.
    const claim = await this.deps.idempotency.begin(
      principal.apiKeyId,
      idempotencyKey,
      requestHash({ subscriptionChange: subscriptionId, ...request }),
      now,
    );
    if (claim.kind === 'replay') return { changeId: storedChangeId(claim.body), status: claim.status, body: claim.body, replayed: true };
    if (claim.kind === 'mismatch') throw new IdempotencyKeyMismatchError();
    if (claim.kind === 'in_progress') throw new IdempotencyKeyInProgressError();
    try {
      const refusal = checkChangeRequest(copy, request, await this.limitsOf(copy), now);
      if (refusal) throw new ChangeRefusedError(refusal.code, refusal.detail);
      const inFlight = (await this.deps.changes.inFlightFor([copy.id])).get(copy.id);
      if (inFlight) throw inFlightError(inFlight.id);
      const change = newChange(copy, request, now);
      const body = JSON.stringify(this.deps.present(change));
      let events: SubscriptionChangeEvent[];
      try {
        events = await this.deps.unitOfWork.transaction(async (tx) => {
          const appended = await this.deps.commit.execute(tx, acceptChange(change), { isNew: true, now, commands: [applyCommand(change)] });
          await this.deps.idempotency.complete(tx, principal.apiKeyId, idempotencyKey, 202, body);
          return appended;
        });
      } catch (error) {
        if (error instanceof ChangeInFlightConflict) throw inFlightError(null);
        throw error;
      }
      this.deps.onCommitted?.();
      this.deps.eventSink?.committed(events);
      return { changeId: change.id, status: 202, body, replayed: false };
    } catch (error) {
      // Refused or failed requests are not stored: the same key may be sent again.
      await this.deps.idempotency.abandon(principal.apiKeyId, idempotencyKey).catch(() => undefined);
      throw error;
    }
  }

  private async visibleCopy(principal: Principal, subscriptionId: string): Promise<SubscriptionCopy> {
    const copy = subscriptionId.length <= 64 ? await this.deps.copies.find(subscriptionId) : null;
    if (copy) {
      if (!canSee(principal, copy)) throw new SubscriptionCopyNotFoundError(subscriptionId);
      return copy;
    }
    // Bought but not read from Partner Center yet (the sync follows the order's completion).
    const known = subscriptionId.length <= 64 ? (await this.deps.known.byIds([subscriptionId]))[0] : undefined;
    if (known && canSee(principal, known)) {
      await this.queueSync(known);
      throw new SubscriptionNotSyncedError(subscriptionId);
    }
    throw new SubscriptionCopyNotFoundError(subscriptionId);
  }

  /**
   * The sync queued at the order's completion may have been lost (Redis restart): queue one now, so a
   * retry after Retry-After finds the copy. One job id per subscription and 5 s window (a burst queues one).
   * Best effort: the refusal is the answer, and the periodic pass still reads subscriptions without a copy.
   */
  private async queueSync(known: KnownSubscription): Promise<void> {
    const now = this.deps.clock?.() ?? new Date();
    const command: OutboxCommand<'subscription.sync'> = {
      name: JOB_NAMES.subscriptionSync,
      jobId: subscriptionSyncJobId(known.subscriptionId, now),
      data: { customerId: known.customerId, subscriptionIds: [known.subscriptionId], reason: 'requested', correlationId: randomUUID() },
    };
    try {
      await this.deps.unitOfWork.transaction((tx) => this.deps.outbox.write(tx, [command], now));
      this.deps.onCommitted?.();
    } catch {
      // Not queued: the next periodic pass reads it (subscriptions without a copy come first).
    }
  }

  private async limitsOf(copy: SubscriptionCopy): Promise<PlanLimits | null> {
    const plans = await this.deps.catalog.plansFor(copy.catalogItemId);
    const plan =
      plans.find((candidate) => candidate.termDuration === copy.termDuration && candidate.billingCycle === copy.billingCycle) ?? plans[0];
    return plan ? { minQuantity: plan.minQuantity, maxQuantity: plan.maxQuantity } : null;
  }
}

function inFlightError(changeId: string | null): ChangeRefusedError {
  return new ChangeRefusedError(
    'CHANGE_IN_FLIGHT',
    `Another change${changeId ? ` (${changeId})` : ''} is being applied to this subscription; wait until it completes or fails.`,
  );
}

function newChange(copy: SubscriptionCopy, request: SubscriptionChange['requested'], now: Date): SubscriptionChange {
  return {
    id: randomUUID(),
    subscriptionId: copy.id,
    customerId: copy.customerId,
    partnerId: copy.partnerId,
    customerTenantId: copy.customerTenantId,
    kind: kindOf(request),
    status: 'accepted',
    requested: request,
    previous: { quantity: copy.quantity, autoRenew: copy.autoRenew, status: copy.status },
    requestId: null,
    requestRecordedAt: null,
    run: 1,
    delay: null,
    failure: null,
    lastEventSequence: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
