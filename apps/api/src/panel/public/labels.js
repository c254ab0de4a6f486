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
  account_not_allowed: 'Microsoft does not allow purchases for the account yet',
  account_status_unknown: 'Microsoft has not confirmed the account yet',
  upstream_unavailable: 'Microsoft Partner Center is not answering',
  throttled: 'Microsoft asked us to slow down',
  retries_exhausted: 'Waiting for our operators',
  partner_center_authentication: 'Waiting for the partner to reconnect Microsoft Partner Center; the order then continues by itself',
};

/**
 * Every delay in plain words: what is happening, what the customer can do, what happens next.
 * An unknown reason still reads as a sentence (never the code).
 */
export const DELAY_TEXT = {
  account_under_review: [
    "Microsoft is reviewing your Microsoft account before it allows purchases. This is a check on Microsoft's side; it usually takes minutes, sometimes a business day.",
    'Nothing is needed from you.',
  ],
  account_not_allowed: [
    'Microsoft does not allow purchases for your Microsoft account at the moment (its transaction readiness check has not passed).',
    'Your partner has been told; check that your company details in the Microsoft admin centre are complete.',
  ],
  account_status_unknown: ['Microsoft has not finished checking your Microsoft account yet.', 'Nothing is needed from you.'],
  upstream_unavailable: [
    'Microsoft Partner Center is not answering at the moment. Your order is safe and nothing has been bought twice.',
    'Nothing is needed from you.',
  ],
  throttled: ['Microsoft Partner Center asked us to slow down for a moment. Your order is safe.', 'Nothing is needed from you.'],
  retries_exhausted: [
    'Microsoft kept answering with errors, so our operators are looking at your order. Your order is safe and nothing has been bought twice.',
    'Nothing is needed from you; your partner will contact you if something is needed.',
  ],
};

export function delayText(reason) {
  return DELAY_TEXT[reason] ?? ['Your order waits for Microsoft.', 'Nothing is needed from you.'];
}

/** "in about 3 minutes", or "in a moment" when the time is near or already past (never a past time). */
export function whenNext(iso, now = Date.now()) {
  const ms = Date.parse(iso ?? '') - now;
  if (!Number.isFinite(ms) || ms < 45_000) return 'in a moment';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in about ${plural(Math.max(1, minutes), 'minute')}`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in about ${plural(hours, 'hour')}`;
  return `on ${formatDay(iso)}`;
}

export function plural(count, noun, nouns = `${noun}s`) {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

// One date format across the panel: "3 Dec 2026" and "3 Dec 2026, 14:05" (the browser's time zone).
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

export function formatDay(iso) {
  if (!iso) return '—';
  return DAY.format(new Date(iso));
}

export function formatDate(iso) {
  if (!iso) return '—';
  return `${DAY.format(new Date(iso))}, ${TIME.format(new Date(iso))}`;
}

export function formatTime(iso) {
  return TIME.format(new Date(iso));
}

export const SUBSCRIPTION_STATUS = {
  active: 'Active',
  pending: 'Being set up',
  suspended: 'Suspended',
  expired: 'Expired',
  disabled: 'Disabled',
  deleted: 'Cancelled',
};

export function subscriptionStatus(status) {
  return SUBSCRIPTION_STATUS[status] ?? (status ? status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' ') : '—');
}

/** Failure codes (DESIGN.md section 3) by the wizard step whose answer fixes them. */
export function stepToFix(code = '') {
  if (
    /^(DOMAIN_TAKEN|ACCOUNT_DATA_REJECTED|CUSTOMER_LINKED_TO_OTHER_TENANT|RELATIONSHIP_MISSING|ACCOUNT_NOT_APPROVED|OFFER_ATTESTATION|PARTNER_OF_RECORD)/.test(
      code,
    )
  )
    return 'account';
  if (/^MCA_/.test(code)) return 'agreement';
  if (/^EDUCATION_/.test(code)) return 'qualification';
  if (/^(QUANTITY_NOT_ALLOWED|CATALOG_ITEM_NOT_ELIGIBLE)/.test(code)) return 'cart';
  return 'review';
}

export const PERIOD = { monthly: 'per month', annual: 'per year', triennial: 'per 3 years' };
export const PERIOD_TOTAL = { monthly: 'Monthly total', annual: 'Yearly total', triennial: 'Total for 3 years' };

export function formatMoney(amount, currency) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
}

/** "$6.00 per licence per month" */
export function unitPriceLabel(price) {
  return `${formatMoney(price.unitPrice, price.currency)} per licence ${PERIOD[price.billingCycle] ?? ''}`.trim();
}

/** Totals per billing period and currency of lines { quantity, price } (lines without a price are left out). */
export function totalsOf(lines) {
  const totals = new Map();
  for (const { quantity, price } of lines) {
    if (!price) continue;
    const key = `${price.billingCycle}|${price.currency}`;
    const line = totals.get(key) ?? { billingCycle: price.billingCycle, currency: price.currency, amount: 0 };
    line.amount = Math.round((line.amount + price.unitPrice * quantity) * 100) / 100;
    totals.set(key, line);
  }
  return [...totals.values()];
}

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
      return `Action required: ${ACTIONS[data.requiredAction?.type] ?? 'see the order'}`;
    case 'order.delayed':
      return `Waiting: ${DELAYS[data.delay?.reason] ?? 'Microsoft has not answered yet'}`;
    case 'order.completed':
      return `Provisioned: ${plural((data.subscriptions ?? []).length, 'subscription')} active`;
    case 'order.failed':
      return `Failed: ${data.failure?.message ?? 'see the order'}`;
    case 'order.cancelled':
      return 'Order cancelled';
    case 'gdap.approval_required':
      return 'Partner roles are waiting for your approval';
    case 'gdap.roles_approved':
      return 'Partner roles approved';
    default:
      return 'Order updated';
  }
}
