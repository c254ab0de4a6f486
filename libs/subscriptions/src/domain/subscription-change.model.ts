import type { SubscriptionChangeEventType } from '@nce/contracts';
import { IllegalChangeTransitionError } from './subscription-changes.errors';

export const CHANGE_KINDS = ['quantity', 'auto_renew', 'cancel'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_STATUSES = ['accepted', 'in_progress', 'completed', 'failed'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export type ChangeRequest = { quantity: number } | { autoRenew: boolean } | { cancel: true };

export interface ChangeFailure {
  code: string;
  message: string;
}

export interface SubscriptionChange {
  id: string;
  subscriptionId: string;
  customerId: string;
  partnerId: string;
  customerTenantId: string;
  kind: ChangeKind;
  status: ChangeStatus;
  requested: ChangeRequest;
  /** The subscription as it was when the change was accepted. */
  previous: { quantity: number; autoRenew: boolean; status: string };
  /** MS-RequestId of the PATCH, committed BEFORE it is sent and reused by every resend. */
  requestId: string | null;
  requestRecordedAt: Date | null;
  run: number;
  delay: { reason: string; retryAt: Date } | null;
  failure: ChangeFailure | null;
  lastEventSequence: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChangeEventDraft {
  type: SubscriptionChangeEventType;
  data: Record<string, unknown>;
}

export interface SubscriptionChangeEvent {
  changeId: string;
  sequence: number;
  type: SubscriptionChangeEventType;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** A state change and the events it emits (committed together, with its commands). */
export interface ChangeTransition {
  change: SubscriptionChange;
  events: ChangeEventDraft[];
}

/** Every legal edge of a change's status (the state machine as data; unit-tested edge by edge). */
export const CHANGE_TRANSITIONS: ReadonlyArray<{ from: ChangeStatus; to: ChangeStatus; when: string }> = [
  { from: 'accepted', to: 'in_progress', when: 'the worker starts applying it' },
  { from: 'in_progress', to: 'completed', when: 'Partner Center applied it (answer, or read back after an unknown outcome)' },
  { from: 'in_progress', to: 'failed', when: 'Partner Center refused it, or the subscription is gone' },
];

export function canTransition(from: ChangeStatus, to: ChangeStatus): boolean {
  return CHANGE_TRANSITIONS.some((edge) => edge.from === from && edge.to === to);
}

export function isTerminalChange(status: ChangeStatus): boolean {
  return status === 'completed' || status === 'failed';
}

export function kindOf(request: ChangeRequest): ChangeKind {
  if ('quantity' in request) return 'quantity';
  if ('autoRenew' in request) return 'auto_renew';
  return 'cancel';
}

function eventData(change: SubscriptionChange, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changeId: change.id,
    subscriptionId: change.subscriptionId,
    customerId: change.customerId,
    kind: change.kind,
    status: change.status,
    ...extra,
  };
}

function moveTo(change: SubscriptionChange, to: ChangeStatus, now: Date, patch: Partial<SubscriptionChange> = {}): SubscriptionChange {
  if (change.status !== to && !canTransition(change.status, to)) throw new IllegalChangeTransitionError(change.status, to);
  return { ...change, ...patch, status: to, updatedAt: now };
}

export function acceptChange(change: SubscriptionChange): ChangeTransition {
  return {
    change,
    events: [{ type: 'subscription_change.accepted', data: eventData(change, { requested: change.requested, previous: change.previous }) }],
  };
}

export function startChange(change: SubscriptionChange, now: Date): ChangeTransition {
  if (change.status !== 'accepted') return { change, events: [] };
  const next = moveTo(change, 'in_progress', now);
  return { change: next, events: [{ type: 'subscription_change.progressed', data: eventData(next, { stage: 'applying' }) }] };
}

/** The MS-RequestId is committed before the PATCH: every later attempt resends the same one. */
export function recordRequest(change: SubscriptionChange, requestId: string, now: Date): ChangeTransition {
  return { change: { ...change, requestId, requestRecordedAt: now, updatedAt: now }, events: [] };
}

/** Visible, not failed (breaker open, throttled, credentials): stays in_progress with `delay`. */
export function delayChange(change: SubscriptionChange, reason: string, retryAt: Date, now: Date): ChangeTransition {
  const next = moveTo(change, 'in_progress', now, { delay: { reason, retryAt } });
  return {
    change: next,
    events: [{ type: 'subscription_change.delayed', data: eventData(next, { delay: { reason, retryAt: retryAt.toISOString() } }) }],
  };
}

export function completeChange(
  change: SubscriptionChange,
  result: { quantity: number; autoRenew: boolean; status: string },
  now: Date,
): ChangeTransition {
  const next = moveTo(change, 'completed', now, { delay: null });
  return { change: next, events: [{ type: 'subscription_change.completed', data: eventData(next, { subscription: result }) }] };
}

export function failChange(change: SubscriptionChange, failure: ChangeFailure, now: Date): ChangeTransition {
  const next = moveTo(change, 'failed', now, { delay: null, failure });
  return { change: next, events: [{ type: 'subscription_change.failed', data: eventData(next, { failure }) }] };
}

/** Has Partner Center's subscription already taken the change? (read back after an unknown outcome) */
export function isApplied(request: ChangeRequest, subscription: { quantity: number; autoRenew: boolean; status: string }): boolean {
  if ('quantity' in request) return subscription.quantity === request.quantity;
  if ('autoRenew' in request) return subscription.autoRenew === request.autoRenew;
  return subscription.status === 'deleted';
}
