// The three actions of a subscription page: change licences, auto-renew on/off, cancel within the window.
// Each card refuses in the form what the API would refuse, and asks for a confirmation where money moves.
import { CANCEL_RULE, WINDOW_RULE, openWindows, priceDifference, removable, windowsText } from '../change-labels.js';
import { field, h, showErrors } from '../dom.js';
import { TERMS, formatDate, formatDay, plural } from '../labels.js';

/**
 * `send(action, body, error)` posts the change (one Idempotency-Key per user action) and resolves true
 * once it was accepted; it shows a refusal in `error` itself.
 */
export function licencesCard(subscription, send) {
  const current = subscription.quantity;
  const min = subscription.minQuantity ?? 1;
  const max = subscription.maxQuantity ?? Math.max(current, 300);
  const form = h('form', { novalidate: true, 'data-licences-form': true });
  const quantity = field({
    path: 'quantity',
    label: 'Number of licences',
    type: 'number',
    value: String(current),
    inputmode: 'numeric',
    hint: `From ${min} to ${plural(max, 'licence')} for this plan; you have ${current} now.`,
    attributes: { min: String(min), max: String(max), step: '1' },
  });
  const input = quantity.querySelector('input');
  const effect = h('p', { class: 'effect', 'aria-live': 'polite', 'data-quantity-effect': true });
  const error = h('p', { class: 'error', role: 'alert', 'data-action-error': 'quantity' });
  const review = h('button', { class: 'button primary', type: 'submit' }, 'Review change');
  const confirm = h('div', { class: 'confirm', hidden: true, 'data-confirm': 'quantity' });

  function wanted() {
    const text = input.value.trim();
    return /^\d{1,6}$/.test(text) ? Number(text) : null;
  }

  /** The form's answer to what the API would refuse (null when the number can be sent). */
  function problem(value) {
    if (value === null || value < min || value > max) return `Enter a whole number from ${min} to ${max}.`;
    if (value === current) return `You have ${plural(current, 'licence')} already; enter a different number.`;
    const canRemove = removable(subscription);
    if (value < current && current - value > canRemove) {
      return canRemove === 0
        ? 'Licences can no longer be removed from this subscription: the 7-day window has closed.'
        : `You can remove at most ${plural(canRemove, 'licence')} now, so the lowest number is ${current - canRemove}.`;
    }
    return null;
  }

  function describe() {
    const value = wanted();
    if (value === null || value === current || problem(value)) return void (effect.textContent = '');
    const delta = value - current;
    effect.textContent = `${delta > 0 ? `Adding ${plural(delta, 'licence')}` : `Removing ${plural(-delta, 'licence')}`}. ${priceDifference(subscription.price, delta, value)}`;
  }

  input.addEventListener('input', () => {
    confirm.hidden = true;
    review.hidden = false;
    describe();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const value = wanted();
    const message = problem(value);
    const invalid = showErrors(form, message ? { quantity: message } : {});
    if (invalid) return invalid.focus();
    const delta = value - current;
    const refund =
      delta < 0
        ? ' Microsoft refunds the removed licences for the time left (a prorated refund under its new commerce rules).'
        : ' The added licences run until the end of the current term.';
    confirm.replaceChildren(
      h('p', {}, `Change from ${current} to ${plural(value, 'licence')}? ${priceDifference(subscription.price, delta, value)}${refund}`),
      h(
        'div',
        { class: 'actions start' },
        h(
          'button',
          {
            class: 'button primary',
            type: 'button',
            'data-confirm-button': true,
            onclick: async (click) => {
              const button = click.currentTarget;
              button.disabled = true;
              if (!(await send('quantity', { quantity: value }, error))) button.disabled = false;
            },
          },
          `Yes, change to ${plural(value, 'licence')}`,
        ),
        h(
          'button',
          {
            class: 'button',
            type: 'button',
            onclick: () => {
              confirm.hidden = true;
              review.hidden = false;
              input.focus();
            },
          },
          'Back',
        ),
      ),
    );
    review.hidden = true;
    confirm.hidden = false;
    confirm.querySelector('[data-confirm-button]').focus();
  });

  form.append(quantity, effect, refundableNote(subscription), h('div', { class: 'actions start' }, review), confirm, error);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'licences-title', 'data-action': 'quantity' },
    h('h2', { id: 'licences-title' }, 'Change licences'),
    form,
  );
}

function refundableNote(subscription) {
  const windows = openWindows(subscription);
  if (windows.length === 0) {
    return h('p', { class: 'muted', 'data-refundable': '0' }, `Licences can be added at any time but no longer removed: ${WINDOW_RULE}`);
  }
  const total = windows.reduce((sum, window) => sum + window.quantity, 0);
  return h(
    'p',
    { class: 'muted', 'data-refundable': String(total) },
    `You can still remove up to ${plural(total, 'licence')}: ${windowsText(windows)}. Licences can be added at any time. ${WINDOW_RULE}`,
  );
}

export function autoRenewCard(subscription, send) {
  const on = subscription.autoRenew === true;
  // Null until our side has read the subscription from Microsoft (just after the purchase).
  const unknown = typeof subscription.autoRenew !== 'boolean';
  const end = formatDay(subscription.commitmentEndDate);
  const term = TERMS[subscription.termDuration] ?? 'another term';
  const explanation = h(
    'p',
    { id: 'auto-renew-explained', 'data-auto-renew-explained': true },
    unknown
      ? 'Microsoft has not told us the renewal setting yet; it shows here in a moment (reload the page).'
      : on
        ? `On: the subscription renews on ${end} for ${term === 'another term' ? term : `another ${term}`} with the same number of licences. Switch it off until then and it ends on ${end} instead.`
        : `Off: the subscription ends on ${end} and is not renewed. Switch it on before then to keep it.`,
  );
  const error = h('p', { class: 'error', role: 'alert', 'data-action-error': 'auto_renew' });
  const toggle = h(
    'button',
    {
      class: 'switch',
      type: 'button',
      role: 'switch',
      'aria-checked': String(on),
      'aria-labelledby': 'auto-renew-label',
      'aria-describedby': 'auto-renew-explained',
      'data-auto-renew': on ? 'on' : 'off',
      disabled: unknown,
      onclick: async () => {
        toggle.disabled = true;
        if (!(await send('auto_renew', { autoRenew: !on }, error))) toggle.disabled = false;
      },
    },
    h('span', { class: 'switch-track', 'aria-hidden': 'true' }, h('span', { class: 'switch-thumb' })),
    h('span', { class: 'switch-state', 'aria-hidden': 'true' }, on ? 'On' : 'Off'),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'auto-renew-title', 'data-action': 'auto_renew' },
    h('h2', { id: 'auto-renew-title' }, 'Renewal'),
    h('div', { class: 'switch-row' }, h('span', { id: 'auto-renew-label', class: 'switch-label' }, 'Auto-renew'), toggle),
    explanation,
    error,
  );
}

/** Shown while the cancel window is open; afterwards the card says why cancelling is no longer possible. */
export function cancelCard(subscription, send) {
  const deadline = subscription.cancellableUntil;
  const open = deadline && Date.parse(deadline) > Date.now();
  const title = h('h2', { id: 'cancel-title' }, 'Cancel the subscription');
  if (!open) {
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'cancel-title', 'data-action': 'cancel', 'data-cancel-closed': true },
      title,
      h('p', {}, `This subscription can no longer be cancelled. ${CANCEL_RULE}`),
      h(
        'p',
        { class: 'muted' },
        subscription.autoRenew === false
          ? `It ends on ${formatDay(subscription.commitmentEndDate)} without renewing.`
          : `To end it, switch auto-renew off: it then ends on ${formatDay(subscription.commitmentEndDate)}.`,
      ),
    );
  }
  const error = h('p', { class: 'error', role: 'alert', 'data-action-error': 'cancel' });
  const start = h(
    'button',
    {
      class: 'button',
      type: 'button',
      'data-cancel-subscription': true,
      onclick: () => {
        start.hidden = true;
        confirm.hidden = false;
        confirm.querySelector('[data-confirm-button]').focus();
      },
    },
    'Cancel subscription',
  );
  const confirm = h(
    'div',
    { class: 'confirm', hidden: true, 'data-confirm': 'cancel' },
    h(
      'p',
      {},
      `Cancel ${subscription.title}? All ${plural(subscription.quantity, 'licence')} are removed at once and its users lose access. Microsoft refunds what you paid for the time left (a prorated refund under its new commerce rules). This cannot be undone.`,
    ),
    h(
      'div',
      { class: 'actions start' },
      h(
        'button',
        {
          class: 'button danger',
          type: 'button',
          'data-confirm-button': true,
          onclick: async (click) => {
            const button = click.currentTarget;
            button.disabled = true;
            if (!(await send('cancel', { cancel: true }, error))) button.disabled = false;
          },
        },
        'Yes, cancel the subscription',
      ),
      h(
        'button',
        {
          class: 'button',
          type: 'button',
          onclick: () => {
            confirm.hidden = true;
            start.hidden = false;
            start.focus();
          },
        },
        'Keep the subscription',
      ),
    ),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'cancel-title', 'data-action': 'cancel' },
    title,
    h('p', { class: 'deadline', 'data-cancel-deadline': deadline }, `Cancel before ${formatDate(deadline)}`),
    h('p', { class: 'muted' }, `${CANCEL_RULE} After that, switching auto-renew off is the way to end it at the end of its term.`),
    h('div', { class: 'actions start' }, start),
    confirm,
    error,
  );
}
