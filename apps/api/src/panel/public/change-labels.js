// Words for subscription changes (issue 17): statuses, waits and failure codes in the panel's own
// words, never the API's codes or its partner-facing messages.
import { formatDate, formatMoney, PERIOD, plural, whenNext } from './labels.js';

export const CHANGE_STATUS = {
  accepted: 'Received',
  in_progress: 'Being applied',
  completed: 'Done',
  failed: 'Not changed',
};

/** Microsoft's rule behind the reductions and cancellations (new commerce). */
export const WINDOW_RULE =
  'Microsoft allows removing licences and cancelling only within 7 days (168 hours) of the purchase or the renewal, or of the increase that added those licences.';

export const CANCEL_RULE = 'Microsoft allows cancelling only within 7 days (168 hours) of the purchase or the renewal.';

/** Failure and refusal codes of a change, in plain words (the API's `detail` is shown when it has one). */
export const CHANGE_FAILURES = {
  REDUCTION_EXCEEDS_REFUNDABLE: 'Microsoft allows removing only the licences still within their 7-day window, and this asked for more.',
  REFUND_WINDOW_CLOSED: `The 7-day window has closed. ${WINDOW_RULE}`,
  QUANTITY_OUT_OF_RANGE: 'That number of licences is not allowed for this plan (or it is the number you already have).',
  CHANGE_IN_FLIGHT: 'Another change to this subscription is still being applied. Wait until it is done, then try again.',
  SUBSCRIPTION_NOT_ACTIVE: 'The subscription is not active, so it cannot be changed.',
  CHANGE_REFUSED: 'Microsoft refused the change.',
};

/** The same, short, for a line of the timeline. */
const FAILURE_SHORT = {
  REDUCTION_EXCEEDS_REFUNDABLE: 'more licences than can still be removed',
  REFUND_WINDOW_CLOSED: 'the 7-day window has closed',
  QUANTITY_OUT_OF_RANGE: 'that number of licences is not allowed',
  CHANGE_IN_FLIGHT: 'another change was in progress',
  SUBSCRIPTION_NOT_ACTIVE: 'the subscription is not active',
  CHANGE_REFUSED: 'Microsoft refused it',
};

export function failureText(failure) {
  const words = CHANGE_FAILURES[failure?.code];
  if (!words) return failure?.message ? sentence(withPanelDates(failure.message)) : 'Microsoft did not apply the change.';
  // For "other refusals" Microsoft's own description is the useful part.
  return failure.code === 'CHANGE_REFUSED' && failure.message
    ? `${words} Microsoft says: ${sentence(withPanelDates(failure.message))}`
    : words;
}

/** A refused request (problem+json) as words: the API's `detail` (written for people), else our words. */
export function refusalText(error) {
  if (error.status === 0) return `${error.message} Press the button again: the change is sent at most once.`;
  if (error.status >= 500 || error.status === 429)
    return 'The change could not be sent just now. Press the button again: the change is sent at most once.';
  return error.problem?.detail ? sentence(withPanelDates(error.problem.detail)) : (CHANGE_FAILURES[error.problem?.code] ?? error.message);
}

/** ISO times in the API's words in the panel's one date format ("10 Dec 2026, 14:05"). */
export function withPanelDates(text) {
  return String(text).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatDate(iso));
}

const WAITS = {
  partner_center_throttled: 'Microsoft Partner Center asked us to slow down for a moment.',
  partner_center_unavailable: 'Microsoft Partner Center is not answering at the moment.',
  throttled: 'Microsoft Partner Center asked us to slow down for a moment.',
  upstream_unavailable: 'Microsoft Partner Center is not answering at the moment.',
  retries_exhausted: 'Microsoft kept answering with errors, so our operators are looking at the change.',
  partner_center_authentication: 'Waiting for your partner to reconnect Microsoft Partner Center.',
};

/** A waiting change: what is happening and what happens next (never a code, never a past time). */
export function delayText(delay) {
  const happening = WAITS[delay?.reason] ?? 'The change waits for Microsoft.';
  return `${happening} The change is safe and is applied once only; nothing is needed from you. We try again ${whenNext(delay?.retryAt)}.`;
}

/** What a change asks for, in words: "Licences from 5 to 8", "Auto-renew off", "Cancel the subscription". */
export function changeSummary(change) {
  const requested = change.requested ?? {};
  if (change.kind === 'quantity') return `Licences from ${change.previous?.quantity ?? '?'} to ${requested.quantity}`;
  if (change.kind === 'auto_renew') return `Auto-renew ${requested.autoRenew ? 'on' : 'off'}`;
  return 'Cancel the subscription';
}

/** One line of a change's timeline for an event of GET /v1/subscription-changes/{id}/events. */
export function describeChangeEvent(item) {
  const data = item.data ?? {};
  switch (item.type) {
    case 'subscription_change.accepted':
      return 'Change received';
    case 'subscription_change.progressed':
      return 'Sent to Microsoft';
    case 'subscription_change.delayed':
      return `Waiting: ${WAITS[data.delay?.reason] ?? 'Microsoft has not answered yet'}`;
    case 'subscription_change.completed':
      return 'Done: Microsoft applied the change';
    case 'subscription_change.failed':
      return `Not changed: ${FAILURE_SHORT[data.failure?.code] ?? 'see the change'}`;
    default:
      return 'Change updated';
  }
}

/** The licences that can still be removed now: open windows, earliest deadline first. */
export function openWindows(subscription, now = Date.now()) {
  return (subscription.refundableQuantity ?? [])
    .filter((window) => window.quantity > 0 && Date.parse(window.allowedUntil) > now)
    .sort((a, b) => Date.parse(a.allowedUntil) - Date.parse(b.allowedUntil));
}

export function removable(subscription, now = Date.now()) {
  return openWindows(subscription, now).reduce((sum, window) => sum + window.quantity, 0);
}

/** "3 until 10 Dec 2026, 14:05 and 2 until 12 Dec 2026, 09:00" */
export function windowsText(windows) {
  return windows.map((window) => `${window.quantity} until ${formatDate(window.allowedUntil)}`).join(' and ');
}

/** The price difference per billing period of a change of `delta` licences, in words. */
export function priceDifference(price, delta, quantity) {
  if (!price) return 'The price difference appears on your next invoice.';
  const period = PERIOD[price.billingCycle] ?? '';
  const amount = formatMoney(Math.round(price.unitPrice * Math.abs(delta) * 100) / 100, price.currency);
  const total = formatMoney(Math.round(price.unitPrice * quantity * 100) / 100, price.currency);
  const each = `${plural(Math.abs(delta), 'licence')} × ${formatMoney(price.unitPrice, price.currency)}`;
  return delta > 0
    ? `You pay ${amount} more ${period} (${each}): ${total} ${period} in all.`
    : `You pay ${amount} less ${period} (${each}): ${total} ${period} in all.`;
}

function sentence(text) {
  const trimmed = String(text ?? '').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
