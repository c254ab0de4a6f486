import { CheckoutAlreadyRecordedError, NoActionRequiredError, OrderTerminalError } from './order.errors';
import { type OrderStatus, type OrderStep, type RequiredActionType, assertTransition, isTerminal, nextStep } from './order-state-machine';
import type { OrderEventDraft } from './order-event.model';
import type { OrderProgress } from './order-progress.model';

export interface OrderItem {
  catalogItemId: string;
  quantity: number;
  termDuration: string;
  billingCycle: string;
  /** The customer price agreed at intake, per licence per billing period (later price changes don't move it). */
  price?: ItemPrice;
}

export interface ItemPrice {
  unitPrice: number;
  currency: string;
  billingCycle: string;
}

/** What the order costs per billing period (one line per billing cycle and currency). */
export function orderTotals(items: readonly OrderItem[]): Array<{ billingCycle: string; currency: string; amount: number }> {
  const totals = new Map<string, { billingCycle: string; currency: string; amount: number }>();
  for (const item of items) {
    if (!item.price) continue;
    const key = `${item.price.billingCycle}|${item.price.currency}`;
    const line = totals.get(key) ?? { billingCycle: item.price.billingCycle, currency: item.price.currency, amount: 0 };
    line.amount = Math.round((line.amount + item.price.unitPrice * item.quantity) * 100) / 100;
    totals.set(key, line);
  }
  return [...totals.values()];
}

export interface Signatory {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
}

export interface ExistingAccount {
  type: 'existing';
  domain: string;
  relationshipConfirmed: boolean;
  customerTenantId?: string;
}

export interface Address {
  addressLine1: string;
  addressLine2?: string;
  city: string;
  state?: string;
  postalCode: string;
  country: string;
}

export interface NewAccount {
  type: 'new';
  domainPrefix: string;
  domain: string;
  companyName: string;
  contact: Signatory;
  address: Address;
  organizationRegistrationNumber?: string;
  customerTenantId?: string;
}

export type OrderAccount = ExistingAccount | NewAccount;

export interface OrderRequest {
  attestations: { partnerOfRecord: boolean; offer: boolean };
  mca: { signatory?: Signatory };
  qualification: { stateOwnedEntity: boolean; educationSegment: 'K12' | 'HigherEducation' | null };
  termsAccepted: true;
  segment: 'commercial' | 'education';
  /** The partner's own reference, carried to Partner Center in friendlyName. */
  reference?: string;
  /** `bulk` yields Partner Center capacity to interactive orders; absent = interactive. */
  priority?: 'interactive' | 'bulk';
}

export interface RequiredAction {
  type: RequiredActionType;
  message: string;
  url?: string;
  fields?: string[];
}

export interface OrderDelay {
  reason: string;
  retryAt: string;
}

export interface OrderFailure {
  code: string;
  message: string;
  howToFix: string;
  step: OrderStep | null;
}

export interface CheckoutIntent {
  cartId: string;
  requestId: string;
  at: string;
}

export interface OrderSubscription {
  id: string;
  catalogItemId: string;
  status: string;
  quantity: number;
  termDuration: string;
  billingCycle: string;
  commitmentEndDate: string | null;
}

export interface Order {
  id: string;
  customerId: string;
  partnerId: string;
  status: OrderStatus;
  step: OrderStep | null;
  run: number;
  items: OrderItem[];
  account: OrderAccount;
  request: OrderRequest;
  requiredAction: RequiredAction | null;
  delay: OrderDelay | null;
  failure: OrderFailure | null;
  /** Step results (tenant id, attestation id, ...) so a re-run skips finished work. */
  progress: OrderProgress;
  checkoutIntent: CheckoutIntent | null;
  subscriptions: OrderSubscription[];
  portalUrl: string | null;
  /** When the current park (action required) began; parks older than the limit fail the order. */
  parkedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /**
   * The order's last event sequence as read under its row lock (absent otherwise): appending
   * events then needs no read of the counter.
   */
  lastEventSequence?: number;
}

/** A command for the next step, published by the outbox relay. */
export interface StepCommand {
  step: OrderStep;
  run: number;
  delayMs?: number;
}

/** The result of a state change: the new order, its events, its next command — committed together. */
export interface OrderChange {
  order: Order;
  events: OrderEventDraft[];
  commands: StepCommand[];
}

function needsQualification(order: Order): boolean {
  return order.request.qualification.stateOwnedEntity || order.request.qualification.educationSegment !== null;
}

function snapshot(order: Order): Record<string, unknown> {
  return { status: order.status, step: order.step };
}

function changed(order: Order, patch: Partial<Order>, now: Date): Order {
  return { ...order, ...patch, updatedAt: now };
}

/** The freshly accepted order: `order.accepted` and the account command. */
export function acceptOrder(order: Order): OrderChange {
  return {
    order,
    events: [
      {
        type: 'order.accepted',
        data: { ...snapshot(order), items: order.items, account: { type: order.account.type, domain: order.account.domain } },
      },
    ],
    commands: [{ step: 'account', run: order.run }],
  };
}

/** A worker starts `step` (idempotent: starting the current step again changes nothing). */
export function startStep(order: Order, step: OrderStep, now: Date): OrderChange {
  if (isTerminal(order.status)) throw new OrderTerminalError(order.status);
  if (order.status === 'in_progress' && order.step === step && order.delay === null) return { order, events: [], commands: [] };
  if (order.status !== 'in_progress') assertTransition(order.status, 'in_progress');
  const next = changed(order, { status: 'in_progress', step, requiredAction: null, delay: null, parkedAt: null }, now);
  return { order: next, events: [{ type: 'order.progressed', data: { ...snapshot(next), phase: 'started' } }], commands: [] };
}

/** `step` is done: move to the next one, or complete the order after the last. */
export function completeStep(order: Order, step: OrderStep, result: OrderProgress, now: Date): OrderChange {
  if (isTerminal(order.status)) throw new OrderTerminalError(order.status);
  // A parked order whose re-check found the condition cleared resumes here.
  if (order.status === 'action_required') {
    assertTransition(order.status, 'in_progress');
    order = { ...order, status: 'in_progress', requiredAction: null, parkedAt: null };
  }
  const following = nextStep(step, needsQualification(order));
  const progress: OrderProgress = { ...order.progress, ...result, [`${step}Done`]: true };
  if (following === null) {
    assertTransition(order.status, 'completed');
    const done = changed(order, { status: 'completed', step: null, progress, requiredAction: null, delay: null }, now);
    return {
      order: done,
      events: [{ type: 'order.completed', data: { ...snapshot(done), subscriptions: done.subscriptions, portalUrl: done.portalUrl } }],
      commands: [],
    };
  }
  const moved = changed(order, { status: 'in_progress', step: following, progress, requiredAction: null, delay: null }, now);
  return {
    order: moved,
    events: [{ type: 'order.progressed', data: { ...snapshot(moved), completedStep: step } }],
    commands: [{ step: following, run: moved.run }],
  };
}

/** Park the order until the customer or partner acts (or a re-check finds the condition cleared). */
export function requireAction(order: Order, action: RequiredAction, recheckInMs: number, now: Date): OrderChange {
  if (order.status !== 'action_required') assertTransition(order.status, 'action_required');
  const sameAction =
    order.status === 'action_required' && order.requiredAction?.type === action.type && order.requiredAction.url === action.url;
  const parked = changed(
    order,
    { status: 'action_required', requiredAction: action, delay: null, parkedAt: order.status === 'action_required' ? order.parkedAt : now },
    now,
  );
  return {
    order: parked,
    events: sameAction ? [] : [{ type: 'order.action_required', data: { ...snapshot(parked), requiredAction: action } }],
    commands: order.step ? [{ step: order.step, run: order.run, delayMs: recheckInMs }] : [],
  };
}

/** Delay the current step (breaker open, throttled, account under review): still in progress, visibly. */
export function delayOrder(order: Order, reason: string, retryAt: Date, now: Date): OrderChange {
  if (order.status !== 'in_progress') assertTransition(order.status, 'in_progress');
  const delay = { reason, retryAt: retryAt.toISOString() };
  const same = order.delay?.reason === reason;
  const delayed = changed(order, { status: 'in_progress', delay, requiredAction: null }, now);
  return {
    order: delayed,
    events: same ? [] : [{ type: 'order.delayed', data: { ...snapshot(delayed), delay } }],
    commands: order.step ? [{ step: order.step, run: order.run, delayMs: Math.max(0, retryAt.getTime() - now.getTime()) }] : [],
  };
}

/** "I have done it" (resume) or new MCA data: back to in progress and re-run the step now, under a new run. */
export function resumeOrder(order: Order, expected: RequiredActionType[] | null, progressPatch: OrderProgress, now: Date): OrderChange {
  // A delayed order (account under review, upstream trouble) is re-checked now under a new run.
  if (expected === null && order.status === 'in_progress' && order.delay !== null && order.step) {
    const rechecked = changed(order, { delay: null, run: order.run + 1, progress: { ...order.progress, ...progressPatch } }, now);
    return {
      order: rechecked,
      events: [{ type: 'order.progressed', data: { ...snapshot(rechecked), phase: 'resumed', clearedDelay: order.delay.reason } }],
      commands: [{ step: order.step, run: rechecked.run }],
    };
  }
  if (order.status !== 'action_required' || (expected && (!order.requiredAction || !expected.includes(order.requiredAction.type)))) {
    throw new NoActionRequiredError(expected ? expected.join(' or ') : 'an action');
  }
  assertTransition(order.status, 'in_progress');
  const resumed = changed(
    order,
    {
      status: 'in_progress',
      requiredAction: null,
      delay: null,
      parkedAt: null,
      run: order.run + 1,
      progress: { ...order.progress, ...progressPatch },
    },
    now,
  );
  return {
    order: resumed,
    events: [{ type: 'order.progressed', data: { ...snapshot(resumed), phase: 'resumed', clearedAction: order.requiredAction?.type } }],
    commands: resumed.step ? [{ step: resumed.step, run: resumed.run }] : [],
  };
}

export function failOrder(order: Order, failure: Omit<OrderFailure, 'step'>, now: Date): OrderChange {
  assertTransition(order.status, 'failed');
  const full: OrderFailure = { ...failure, step: order.step };
  const failed = changed(order, { status: 'failed', step: null, failure: full, requiredAction: null, delay: null }, now);
  return { order: failed, events: [{ type: 'order.failed', data: { ...snapshot(failed), failure: full } }], commands: [] };
}

export function cancelOrder(order: Order, by: 'owner' | 'operator', now: Date): OrderChange {
  if (isTerminal(order.status)) throw new OrderTerminalError(order.status);
  if (order.checkoutIntent !== null) throw new CheckoutAlreadyRecordedError();
  assertTransition(order.status, 'cancelled');
  const cancelled = changed(order, { status: 'cancelled', step: null, requiredAction: null, delay: null }, now);
  return { order: cancelled, events: [{ type: 'order.cancelled', data: { ...snapshot(cancelled), by } }], commands: [] };
}

/** Operator retry: re-run the step that failed, under a new run so the job id is fresh. */
export function retryFailedOrder(order: Order, now: Date): OrderChange {
  assertTransition(order.status, 'in_progress');
  const step = order.failure?.step ?? 'account';
  const retried = changed(order, { status: 'in_progress', step, failure: null, run: order.run + 1 }, now);
  return {
    order: retried,
    events: [{ type: 'order.progressed', data: { ...snapshot(retried), phase: 'retried' } }],
    commands: [{ step, run: retried.run }],
  };
}
