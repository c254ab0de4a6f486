import { IllegalTransitionError } from './order.errors';
import {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderStatus,
  assertTransition,
  canTransition,
  isTerminal,
  nextStep,
  plannedSteps,
} from './order-state-machine';

const legal: Array<[OrderStatus, OrderStatus]> = [
  ['accepted', 'in_progress'],
  ['in_progress', 'action_required'],
  ['action_required', 'in_progress'],
  ['in_progress', 'completed'],
  ['in_progress', 'failed'],
  ['action_required', 'failed'],
  ['accepted', 'cancelled'],
  ['in_progress', 'cancelled'],
  ['action_required', 'cancelled'],
  ['failed', 'in_progress'],
];

describe('order state machine', () => {
  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  const illegal = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus])).filter(
    ([from, to]) => !legal.some(([a, b]) => a === from && b === to),
  );

  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('lists exactly the edges of the design table', () => {
    const edges = ORDER_TRANSITIONS.flatMap((rule) => rule.from.map((from) => `${from}->${rule.to}`)).sort();
    expect(edges).toEqual(legal.map(([from, to]) => `${from}->${to}`).sort());
  });

  it('never leaves completed or cancelled', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('completed', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
    expect(isTerminal('completed')).toBe(true);
    expect(isTerminal('failed')).toBe(true);
    expect(isTerminal('action_required')).toBe(false);
  });

  it('skips the qualification step unless the order asks for one', () => {
    expect(plannedSteps(false)).toEqual(['account', 'mca', 'subscription']);
    expect(nextStep('mca', false)).toBe('subscription');
    expect(nextStep('mca', true)).toBe('qualification');
    expect(nextStep('qualification', true)).toBe('subscription');
    expect(nextStep('subscription', true)).toBeNull();
  });
});
