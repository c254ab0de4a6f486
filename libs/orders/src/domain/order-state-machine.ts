import { IllegalTransitionError } from './order.errors';

// Fixed names (public contract, DESIGN.md section 3).
export const ORDER_STATUSES = ['accepted', 'in_progress', 'action_required', 'completed', 'failed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STEPS = ['account', 'mca', 'qualification', 'subscription'] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];

export const REQUIRED_ACTION_TYPES = ['relationship_acceptance', 'mca_attestation', 'mca_acceptance', 'education_review'] as const;
export type RequiredActionType = (typeof REQUIRED_ACTION_TYPES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['completed', 'failed', 'cancelled'];

export interface TransitionRule {
  from: readonly OrderStatus[];
  to: OrderStatus;
  when: string;
}

/** Every legal edge; anything else is refused. The table is the specification (DESIGN.md section 3). */
export const ORDER_TRANSITIONS: readonly TransitionRule[] = [
  { from: ['accepted'], to: 'in_progress', when: 'first step starts' },
  { from: ['in_progress'], to: 'action_required', when: 'a step needs the customer or partner' },
  { from: ['action_required'], to: 'in_progress', when: 'condition cleared (detected, or resume / mca-attestation posted)' },
  { from: ['in_progress'], to: 'completed', when: 'every subscription active' },
  { from: ['in_progress', 'action_required'], to: 'failed', when: 'permanent error, denial, or a park older than its limit' },
  {
    from: ['accepted', 'in_progress', 'action_required'],
    to: 'cancelled',
    when: 'owner or operator, before the checkout intent is recorded',
  },
  { from: ['failed'], to: 'in_progress', when: 'operator retry from the failed step' },
];

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS.some((rule) => rule.to === to && rule.from.includes(from));
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Which steps an order runs: qualification only when the order asks for one. */
export function plannedSteps(needsQualification: boolean): OrderStep[] {
  return needsQualification ? ['account', 'mca', 'qualification', 'subscription'] : ['account', 'mca', 'subscription'];
}

/** The step after `current`, or null when `current` was the last. */
export function nextStep(current: OrderStep, needsQualification: boolean): OrderStep | null {
  const steps = plannedSteps(needsQualification);
  const index = steps.indexOf(current);
  if (index < 0) throw new IllegalTransitionError(current, 'next step');
  return steps[index + 1] ?? null;
}
