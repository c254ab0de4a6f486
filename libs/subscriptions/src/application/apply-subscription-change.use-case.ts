import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '@nce/persistence';
import { isClassifiedError, runInLane } from '@nce/resilience';
import {
  type ChangeRequest,
  type ChangeTransition,
  type SubscriptionChange,
  completeChange,
  delayChange,
  failChange,
  isApplied,
  isTerminalChange,
  recordRequest,
  startChange,
} from '../domain/subscription-change.model';
import type { SubscriptionCopy } from '../domain/subscription-copy.model';
import { ChangeOutcomeUnknownError } from '../domain/subscription-changes.errors';
import type { CommitSubscriptionChange } from './commit-subscription-change.use-case';
import { copyFromPartnerCenter, knownOf } from './partner-center-copy.mapper';
import type {
  ChangeEventSink,
  ChangeRefusalMapper,
  PartnerCenterSubscription,
  SubscriptionChangeRepository,
  SubscriptionChangesPartnerCenter,
  SubscriptionCopyStore,
  SubscriptionUpdateRequest,
} from './subscription-changes.ports';

export interface ChangeJob {
  changeId: string;
  run: number;
  correlationId: string;
  attempt: number;
  maxAttempts: number;
}

type Applied = { kind: 'done'; subscription: PartnerCenterSubscription } | { kind: 'fail'; code: string; message: string };

function updateOf(request: ChangeRequest): SubscriptionUpdateRequest {
  if ('quantity' in request) return { quantity: request.quantity };
  if ('autoRenew' in request) return { autoRenewEnabled: request.autoRenew };
  return { status: 'deleted' };
}

function stateOf(subscription: PartnerCenterSubscription): { quantity: number; autoRenew: boolean; status: string } {
  return {
    quantity: subscription.quantity,
    autoRenew: subscription.autoRenewEnabled === true,
    status: String(subscription.status).toLowerCase(),
  };
}

/**
 * Applies one subscription change (the processor's only call), with the checkout's guarantees: the
 * MS-RequestId is committed before the PATCH; any later attempt (after a timeout, a 5xx, a crash)
 * first reads the subscription back and only resends the SAME MS-RequestId if the change is not
 * there yet, so Partner Center applies it at most once. Refusals fail the change with our code;
 * throttling and open breakers delay it visibly (no attempt burned, like orders).
 */
export class ApplySubscriptionChange {
  constructor(
    private readonly deps: {
      unitOfWork: UnitOfWork;
      changes: SubscriptionChangeRepository;
      copies: SubscriptionCopyStore;
      commit: CommitSubscriptionChange;
      partnerCenter: SubscriptionChangesPartnerCenter;
      refusal: ChangeRefusalMapper;
      eventSink: ChangeEventSink;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async execute(job: ChangeJob): Promise<void> {
    const current = await this.deps.changes.findById(job.changeId);
    if (!current || current.run !== job.run || isTerminalChange(current.status)) return;
    const started = current.status === 'accepted' ? await this.transact(job, (change, now) => startChange(change, now)) : current;
    if (!started) return;
    let outcome: Applied;
    try {
      outcome = await runInLane('interactive', () => this.apply(started, job));
    } catch (error) {
      if (error instanceof StaleChangeError) return;
      const refusal = this.deps.refusal(error);
      if (refusal) {
        outcome = { kind: 'fail', code: refusal.code, message: refusal.detail };
      } else if (isClassifiedError(error) && (error.retryClass === 'throttled' || error.retryClass === 'upstream_unavailable')) {
        const reason =
          error.retryClass === 'throttled'
            ? 'partner_center_throttled'
            : error.code === 'PARTNER_CENTER_AUTHENTICATION'
              ? 'partner_center_authentication'
              : 'partner_center_unavailable';
        const retryAt = new Date(this.now().getTime() + Math.max(250, error.retryAfterMs ?? 5_000));
        // Shown once per reason; the worker host re-delays the job without burning an attempt.
        if (started.delay?.reason !== reason) await this.transact(job, (change, now) => delayChange(change, reason, retryAt, now));
        throw error;
      } else {
        if (job.attempt >= job.maxAttempts) await this.transact(job, (change, now) => delayChange(change, 'retries_exhausted', now, now));
        // Not a refusal, so never a dead end: a "permanent" class here (412, 409 pending) must still retry.
        throw isClassifiedError(error) && error.retryClass === 'permanent' ? new ChangeOutcomeUnknownError(error) : error;
      }
    }
    await this.finish(job, started, outcome);
  }

  private async apply(change: SubscriptionChange, job: ChangeJob): Promise<Applied> {
    const call = { correlationId: job.correlationId };
    let requestId = change.requestId;
    if (requestId) {
      // An earlier attempt sent (or may have sent) the PATCH: its outcome is unknown. Read back first.
      const now = await this.deps.partnerCenter.getSubscription(change.customerTenantId, change.subscriptionId, call);
      if (isApplied(change.requested, stateOf(now))) return { kind: 'done', subscription: now };
    } else {
      requestId = randomUUID();
      const id = requestId;
      // Committed before the PATCH is sent: from here every attempt reuses this MS-RequestId.
      const saved = await this.transact(job, (current, now) => recordRequest(current, id, now));
      if (!saved) throw new StaleChangeError();
    }
    const updated = await this.deps.partnerCenter.updateSubscription(
      change.customerTenantId,
      change.subscriptionId,
      updateOf(change.requested),
      { ...call, requestId },
    );
    return { kind: 'done', subscription: updated };
  }

  /** Commits the outcome with a fresh copy of the subscription (read again: the windows moved). */
  private async finish(job: ChangeJob, change: SubscriptionChange, outcome: Applied): Promise<void> {
    const read = await this.deps.partnerCenter
      .getSubscription(change.customerTenantId, change.subscriptionId, { correlationId: job.correlationId })
      .catch(() => null);
    const fresh = read ?? (outcome.kind === 'done' ? outcome.subscription : null);
    const known = await this.deps.copies.find(change.subscriptionId);
    const copy: SubscriptionCopy | null = fresh && known ? copyFromPartnerCenter(knownOf(known), fresh, this.now()) : null;
    await this.transact(
      job,
      (current, now) =>
        outcome.kind === 'done'
          ? completeChange(current, stateOf(fresh ?? outcome.subscription), now)
          : failChange(current, { code: outcome.code, message: outcome.message }, now),
      copy,
    );
  }

  /** Locks the change, checks the job still applies, commits the transition (and the copy), then wakes listeners. */
  private async transact(
    job: ChangeJob,
    step: (change: SubscriptionChange, now: Date) => ChangeTransition,
    copy: SubscriptionCopy | null = null,
  ): Promise<SubscriptionChange | null> {
    const result = await this.deps.unitOfWork.transaction(async (tx) => {
      const change = await this.deps.changes.findById(job.changeId, { tx, forUpdate: true });
      if (!change || change.run !== job.run || isTerminalChange(change.status)) return null;
      const now = this.now();
      const transition = step(change, now);
      const events = await this.deps.commit.execute(tx, transition, { isNew: false, now });
      if (copy) await this.deps.copies.save(tx, copy);
      return { change: transition.change, events };
    });
    if (!result) return null;
    this.deps.eventSink.committed(result.events);
    return result.change;
  }
}

class StaleChangeError extends Error {}
