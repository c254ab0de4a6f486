// Words shown for the API's codes.

export const TERMS = { P1M: '1 month', P1Y: '1 year', P3Y: '3 years' };
export const BILLING = { monthly: 'Monthly', annual: 'Annual', triennial: 'Triennial' };
export const SEGMENTS = { commercial: 'Commercial', education: 'Education' };
export const EDUCATION_SEGMENTS = { K12: 'K12', HigherEducation: 'Higher Education' };

export const STATUS = {
  accepted: 'Received',
  in_progress: 'In progress',
  action_required: 'Action required',
  completed: 'Provisioned',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const STEPS = [
  ['account', 'Microsoft account'],
  ['mca', 'Customer agreement'],
  ['qualification', 'Qualification'],
  ['subscription', 'Subscriptions'],
];

export const ACTIONS = {
  relationship_acceptance: 'Accept the partner relationship',
  mca_attestation: 'Microsoft Customer Agreement: signatory needed',
  mca_acceptance: 'Accept the Microsoft Customer Agreement',
  education_review: 'Education eligibility under review',
};

export const DELAYS = {
  account_under_review: 'Microsoft is reviewing the account',
  upstream_unavailable: 'Microsoft Partner Center is not answering',
  throttled: 'Microsoft asked us to slow down',
  retries_exhausted: 'Waiting for our operators',
  partner_center_authentication: 'Waiting for the partner to reconnect Microsoft Partner Center; the order then continues by itself',
};

export function termLabel(plan) {
  return `${TERMS[plan.termDuration] ?? plan.termDuration} · ${BILLING[plan.billingCycle] ?? plan.billingCycle} billing`;
}

export function stepLabel(step) {
  return STEPS.find(([name]) => name === step)?.[1] ?? step;
}

/** One line of the order timeline for an event of GET /v1/orders/{id}/events. */
export function describeEvent(item) {
  const data = item.data ?? {};
  switch (item.type) {
    case 'order.accepted':
      return 'Order received';
    case 'order.progressed':
      if (data.completedStep) return `${stepLabel(data.completedStep)}: done`;
      if (data.phase === 'resumed') return `Checking again: ${stepLabel(data.step)}`;
      if (data.phase === 'retried') return `Retried: ${stepLabel(data.step)}`;
      return `Started: ${stepLabel(data.step)}`;
    case 'order.action_required':
      return `Action required: ${ACTIONS[data.requiredAction?.type] ?? data.requiredAction?.type}`;
    case 'order.delayed':
      return `Delayed: ${DELAYS[data.delay?.reason] ?? data.delay?.reason ?? 'waiting'}`;
    case 'order.completed':
      return `Provisioned: ${(data.subscriptions ?? []).length} subscription(s) active`;
    case 'order.failed':
      return `Failed: ${data.failure?.message ?? data.failure?.code ?? ''}`;
    case 'order.cancelled':
      return 'Order cancelled';
    case 'gdap.approval_required':
      return 'Partner roles are waiting for your approval';
    case 'gdap.roles_approved':
      return 'Partner roles approved';
    default:
      return item.type;
  }
}
