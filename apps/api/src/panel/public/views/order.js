// The order page: status, required actions with their buttons and links, a live timeline (SSE
// over fetch) and, once provisioned, subscriptions, portal link, first admin login, partner roles.
import { announce, h, showErrors } from '../dom.js';
import { followEvents } from '../event-stream.js';
import {
  ACTIONS,
  DELAYS,
  STATUS,
  STEPS,
  delayText,
  describeEvent,
  formatDate,
  formatDay,
  formatTime,
  stepToFix,
  subscriptionStatus,
  termLabel,
  whenNext,
} from '../labels.js';
import { reopenWizard, session, state } from '../state.js';
import { customerMayAttest, readSignatory, signatoryFields } from './agreement.js';
import { offerOf } from './marketplace.js';
import { partnerRolesSection } from './partner-roles.js';
import { pricedItemsTable } from './prices.js';

export function orderView(orderId, onLeave) {
  const api = session.api;
  const base = `/v1/orders/${encodeURIComponent(orderId)}`;
  const badge = h('span', { class: 'badge', 'data-order-status': true });
  const subtitle = h('p', { class: 'muted' });
  const progress = h('ol', { class: 'progress', 'aria-label': 'Provisioning steps' });
  const action = h('div', { 'data-required-action': true });
  const notice = h('div', { 'data-notice': true });
  const details = h('div', { 'data-details': true });
  const cancelArea = h('div', { 'data-cancel': true });
  const connection = h('span', { class: 'connection', 'data-connection': true }, 'Connecting…');
  const timeline = h('ol', { class: 'timeline', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-timeline': true });
  const seen = new Set();
  let actionKey = null;
  // While "I have done it" is in flight, events do not bring the card back over "Checking now".
  let resuming = false;
  let provisionedFor = null;
  let refreshTimer = null;
  let noticeTimer = null;
  let recheckedAt = null;
  const roles = partnerRolesSection();

  const root = h(
    'section',
    { class: 'order-page' },
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/orders' }, 'Orders'),
      h('span', { 'aria-current': 'page' }, `Order ${orderId.slice(0, 8)}`),
    ),
    h('div', { class: 'order-head' }, h('h1', {}, `Order ${orderId.slice(0, 8)}`), badge),
    subtitle,
    h(
      'div',
      { class: 'order-layout' },
      h('div', { class: 'order-main' }, progress, action, notice, details, cancelArea),
      h(
        'aside',
        { class: 'card timeline-card', 'aria-labelledby': 'timeline-title' },
        h('div', { class: 'timeline-head' }, h('h2', { id: 'timeline-title' }, 'Timeline'), connection),
        timeline,
      ),
    ),
  );

  let shownUpdatedAt = '';

  function update(order) {
    // Replies may arrive out of order (a resume reply after the read an event triggered): never go back.
    if (order.updatedAt < shownUpdatedAt) return;
    shownUpdatedAt = order.updatedAt;
    badge.textContent = STATUS[order.status] ?? order.status;
    badge.dataset.status = order.status;
    subtitle.textContent = `Placed ${formatDate(order.createdAt)} · ${order.account.domain}`;
    renderProgress(order);
    renderAction(order);
    renderNotice(order);
    renderDetails(order);
    renderCancel(order);
    if (order.gdap) roles.show(order.gdap);
  }

  // Cancelling is possible until the checkout starts (the subscription step); the API answers 409
  // after that, and the page says so.
  function renderCancel(order) {
    const open = ['accepted', 'in_progress', 'action_required'].includes(order.status) && order.step !== 'subscription';
    if (!open) cancelArea.replaceChildren();
    else if (cancelArea.childElementCount === 0) cancelArea.replaceChildren(cancelControl());
  }

  function cancelControl() {
    const error = h('p', { class: 'error', role: 'alert' });
    const start = h(
      'button',
      {
        class: 'button subtle',
        type: 'button',
        'data-cancel-order': true,
        onclick: () => {
          start.hidden = true;
          confirm.hidden = false;
          confirm.querySelector('[data-cancel-confirm]').focus();
        },
      },
      'Cancel order',
    );
    const confirm = h(
      'div',
      { class: 'actions start', hidden: true },
      h('p', {}, 'Cancel this order? Nothing has been bought from Microsoft yet; a cancelled order cannot be resumed.'),
      h(
        'button',
        {
          class: 'button danger',
          type: 'button',
          'data-cancel-confirm': true,
          onclick: async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            error.textContent = '';
            try {
              update(await api.post(`${base}/cancel`));
              announce('Order cancelled');
            } catch (failure) {
              error.textContent = failure.message;
              button.disabled = false;
            }
          },
        },
        'Yes, cancel the order',
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
        'Keep the order',
      ),
    );
    return h('section', { class: 'cancel-order', 'aria-label': 'Cancel the order' }, start, confirm, error);
  }

  function renderProgress(order) {
    // A failed order has no step any more: its failure names the step it stopped at.
    const index = STEPS.findIndex(([name]) => name === (order.step ?? order.failure?.step));
    progress.replaceChildren(
      ...STEPS.map(([, label], position) => {
        const done = order.status === 'completed' || (index >= 0 && position < index);
        const current = position === index && !['completed', 'failed', 'cancelled'].includes(order.status);
        const blocked = current && order.status === 'action_required';
        const failedHere = order.status === 'failed' && position === index;
        return h(
          'li',
          {
            class: done ? 'done' : failedHere ? 'failed' : blocked ? 'blocked' : current ? 'current' : '',
            'aria-current': current ? 'step' : null,
          },
          h(
            'span',
            { class: 'visually-hidden' },
            done
              ? 'Done: '
              : failedHere
                ? 'Failed: '
                : current
                  ? 'Current: '
                  : ['failed', 'cancelled'].includes(order.status)
                    ? 'Not reached: '
                    : 'Next: ',
          ),
          label,
        );
      }),
    );
  }

  function renderAction(order) {
    if (resuming) return;
    const required = order.status === 'action_required' ? order.requiredAction : null;
    // The "checking now" state lasts while the re-check runs, not beyond it.
    if (!required && (order.delay || !['accepted', 'in_progress'].includes(order.status))) action.replaceChildren();
    const key = required ? JSON.stringify(required) : null;
    if (key === actionKey) return;
    actionKey = key;
    const checkedAgain = required && recheckedAt !== null ? recheckedAt : null;
    recheckedAt = null;
    action.replaceChildren(required ? actionCard(order, required, checkedAgain) : '');
    if (required)
      announce(
        checkedAgain
          ? `Checked: ${ACTIONS[required.type] ?? 'an action'} is still needed`
          : `Action required: ${ACTIONS[required.type] ?? 'see the order'}`,
      );
  }

  /** "I have done it": the card gives way to a visible "checking now" state at once; the API re-checks now. */
  async function resumeNow(button, error, what) {
    button.disabled = true;
    error.textContent = '';
    const card = action.firstElementChild;
    resuming = true;
    action.replaceChildren(checkingCallout(what));
    announce('Checking now');
    try {
      actionKey = null;
      recheckedAt = new Date().toISOString();
      const reply = await api.post(`${base}/resume`);
      resuming = false;
      update(reply);
    } catch (failure) {
      resuming = false;
      recheckedAt = null;
      action.replaceChildren(card);
      error.textContent = failure.message;
      button.disabled = false;
    }
  }

  function actionCard(order, required, checkedAgain) {
    const error = h('p', { class: 'error', role: 'alert' });
    const what = ACTION_CHECKS[required.type] ?? 'whether the step is done';
    const resume = (label) =>
      h(
        'button',
        { class: 'button primary', type: 'button', 'data-resume': true, onclick: (event) => resumeNow(event.currentTarget, error, what) },
        label,
      );
    const link = (label) =>
      required.url
        ? h(
            'a',
            { class: 'button', href: required.url, target: '_blank', rel: 'noopener', 'data-action-link': true },
            label,
            h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
          )
        : null;
    const body = [];
    if (checkedAgain)
      body.push(
        h(
          'p',
          { class: 'checked-again', 'data-checked-again': true },
          `We checked with Microsoft at ${formatTime(checkedAgain)}: it is not done yet. It can take a minute or two before Microsoft shows it.`,
        ),
      );
    if (required.type === 'relationship_acceptance') {
      body.push(
        h(
          'p',
          {},
          `Microsoft does not show ${order.account.domain} as a customer of ${state.me.partner.name} yet, so nothing can be ordered for it.`,
        ),
        h(
          'p',
          {},
          'What you can do: a global admin of your Microsoft account opens the link, signs in and accepts the partner invitation. Then press "I have done it".',
        ),
        h(
          'p',
          { class: 'muted' },
          'What happens next: we check with Microsoft right away; your order also continues by itself once Microsoft shows the relationship.',
        ),
        h('div', { class: 'actions start' }, link('Accept the partner relationship'), resume('I have done it')),
      );
    } else if (required.type === 'mca_acceptance') {
      body.push(
        h('p', {}, 'Microsoft asks the person you named to accept the Microsoft Customer Agreement on a Microsoft page.'),
        h('p', {}, 'What you can do: open the link (no sign-in needed), accept the agreement, then press "I have accepted it".'),
        h(
          'p',
          { class: 'muted' },
          'What happens next: we check with Microsoft right away; your order also continues by itself once Microsoft confirms the acceptance.',
        ),
        h('div', { class: 'actions start' }, link('Accept the agreement'), resume('I have accepted it')),
      );
    } else if (required.type === 'mca_attestation' && customerMayAttest()) {
      const form = h('form', { novalidate: true, class: 'attestation-form' });
      form.append(
        h('p', {}, firstSentence(required.message)),
        h(
          'p',
          {},
          'What you can do: give the person at your organisation who accepts the Microsoft Customer Agreement and press Send. By sending, your partner attests that it has presented the agreement to you and that you have agreed to it.',
        ),
        h(
          'p',
          { class: 'muted' },
          'What happens next: Microsoft may ask that person to accept the agreement on a Microsoft page; the link appears here.',
        ),
        h('fieldset', { class: 'group' }, h('legend', {}, 'MCA signatory'), signatoryFields('signatory')),
        h('div', { class: 'actions start' }, h('button', { class: 'button primary', type: 'submit' }, 'Send')),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const { signatory, errors } = readSignatory(form, 'signatory');
        const invalid = showErrors(form, errors);
        if (invalid) return invalid.focus();
        try {
          update(await api.post(`${base}/mca-attestation`, { signatory }));
          announce('Signatory sent');
        } catch (failure) {
          (showErrors(form, failure.fieldErrors) ?? form).focus?.();
          if (Object.keys(failure.fieldErrors).length === 0) error.textContent = failure.message;
        }
      });
      body.push(form);
    } else if (required.type === 'mca_attestation') {
      body.push(
        h(
          'p',
          { 'data-partner-attests': true },
          'The Microsoft Customer Agreement is not valid for this account. Your partner will confirm the agreement with Microsoft; no action is needed from you. This page updates by itself.',
        ),
      );
    } else if (required.type === 'education_review') {
      body.push(
        h(
          'p',
          {},
          'Microsoft is reviewing whether your institution is eligible for education offers. This can take several business days.',
        ),
        h('p', {}, 'Nothing is needed from you. If Microsoft asks for documents, it writes to your institution.'),
        h(
          'p',
          { class: 'muted' },
          'What happens next: your order continues by itself once Microsoft approves the review; you can also ask us to check now.',
        ),
        h('div', { class: 'actions start' }, resume('Check again')),
      );
    } else {
      body.push(
        h('p', {}, 'Microsoft needs something from you before your order can continue.'),
        h('div', { class: 'actions start' }, link('Open'), resume('Check again')),
      );
    }
    return h(
      'section',
      { class: 'callout action', 'aria-labelledby': 'action-title', 'data-action-type': required.type },
      h('h2', { id: 'action-title' }, ACTIONS[required.type] ?? 'Action required'),
      body,
      error,
    );
  }

  function renderNotice(order) {
    clearTimeout(noticeTimer);
    if (order.failure) {
      notice.replaceChildren(failureCallout(order));
    } else if (order.delay) {
      const [happening, youCan] = delayText(order.delay.reason);
      notice.replaceChildren(
        h(
          'section',
          { class: 'callout info', 'data-delay': order.delay.reason },
          h('h2', {}, DELAYS[order.delay.reason] ?? 'Waiting for Microsoft'),
          h('p', {}, happening),
          h('p', {}, youCan),
          h(
            'p',
            { class: 'muted' },
            `What happens next: we check again ${whenNext(order.delay.retryAt)}, and your order continues by itself.`,
          ),
        ),
      );
      // The "in about N minutes" stays true while the page is open.
      noticeTimer = setTimeout(() => renderNotice(order), 30_000);
    } else if (['accepted', 'in_progress'].includes(order.status) && !action.querySelector('[data-checking]')) {
      // A step that retries Microsoft's errors for minutes says so instead of "a few seconds".
      const slow = Date.now() - Date.parse(order.updatedAt) > SLOW_STEP_MS;
      notice.replaceChildren(checkingCallout(STEP_WORK[order.step] ?? 'your order', slow));
      if (!slow) noticeTimer = setTimeout(() => renderNotice(order), SLOW_STEP_MS);
    } else notice.replaceChildren();
  }

  function failureCallout(order) {
    const step = stepToFix(order.failure.code);
    return h(
      'section',
      { class: 'callout error', role: 'alert', 'data-failure': true },
      h('h2', {}, 'The order failed'),
      h(
        'p',
        {},
        `${sentence(order.failure.message)}${['account', 'mca', 'qualification'].includes(order.failure.step) ? ' Nothing was bought from Microsoft.' : ''}`,
      ),
      order.failure.howToFix ? h('p', {}, `What you can do: ${sentence(order.failure.howToFix)}`) : null,
      h(
        'div',
        { class: 'actions start' },
        h(
          'button',
          { class: 'button primary', type: 'button', 'data-fix-and-reorder': true, onclick: () => fixAndOrderAgain(order, step) },
          'Fix and order again',
        ),
      ),
      h('p', { class: 'muted' }, 'The wizard opens with the same plans and answers, at the step to change.'),
    );
  }

  async function fixAndOrderAgain(order, step) {
    await reopenWizard(order);
    document.dispatchEvent(new CustomEvent('cart-changed'));
    location.hash = `#/${step}`;
  }

  function renderDetails(order) {
    if (order.status !== 'completed') {
      details.replaceChildren(h('section', { class: 'card' }, h('h2', {}, 'Plans and prices'), itemsTable(order.items)));
      return;
    }
    if (provisionedFor === order.id) return;
    provisionedFor = order.id;
    const admin = h('div', { 'data-admin-login': true });
    details.replaceChildren(
      h(
        'section',
        { class: 'card', 'data-provisioned': true },
        h('h2', {}, 'Your subscriptions'),
        subscriptionsTable(order.subscriptions),
        h(
          'div',
          { class: 'portal' },
          h(
            'a',
            {
              class: 'button primary',
              href: order.portalUrl ?? 'https://admin.microsoft.com',
              target: '_blank',
              rel: 'noopener',
              'data-portal-link': true,
            },
            'Open the Microsoft 365 admin center',
            h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
          ),
          h('span', { class: 'muted' }, `Tenant ${order.account.domain}`),
        ),
        admin,
      ),
      h('section', { class: 'card' }, h('h2', {}, 'Plans and prices'), itemsTable(order.items)),
      roles.element(order.customerId),
    );
    if (order.account.type === 'new') loadAdminLogin(admin);
  }

  async function loadAdminLogin(container) {
    try {
      const login = await api.get(`${base}/admin-credentials`);
      const password = h('code', { class: 'secret', 'data-password': true }, '••••••••••••');
      let shown = false;
      const toggle = h(
        'button',
        {
          class: 'button subtle',
          type: 'button',
          'aria-pressed': 'false',
          onclick: () => {
            shown = !shown;
            password.textContent = shown ? login.password : '••••••••••••';
            toggle.setAttribute('aria-pressed', String(shown));
            toggle.textContent = shown ? 'Hide password' : 'Show password';
          },
        },
        'Show password',
      );
      container.replaceChildren(
        h('h3', {}, 'Initial admin login'),
        h('p', { class: 'muted' }, 'Sign in to the Microsoft portal with this account and change the password at first sign-in.'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'User name'),
          h('dd', {}, h('code', { 'data-user-name': true }, login.userName)),
          h('dt', {}, 'Password'),
          h('dd', {}, password, ' ', toggle),
        ),
      );
    } catch (error) {
      container.replaceChildren(h('p', { class: 'error' }, `The admin login could not be loaded: ${error.message}`));
    }
  }

  async function refresh() {
    try {
      update(await api.get(base));
    } catch (error) {
      notice.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
    }
  }

  function onEvent(event) {
    let item;
    try {
      item = JSON.parse(event.data);
    } catch {
      return;
    }
    if (seen.has(item.sequence)) return;
    seen.add(item.sequence);
    timeline.append(
      h(
        'li',
        { 'data-sequence': String(item.sequence), 'data-type': item.type, class: item.type.replace('.', '-') },
        h('time', { datetime: item.occurredAt }, formatDate(item.occurredAt)),
        h('span', {}, describeEvent(item)),
      ),
    );
    if (item.type.startsWith('gdap.')) roles.show(item.data);
    // Events come in bursts: one read of the order after the burst.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 80);
  }

  const stream = followEvents(`${base}/events`, api.key, {
    onEvent,
    onState: (value) => {
      connection.textContent = value === 'live' ? 'Live' : value === 'reconnecting' ? 'Reconnecting…' : 'Not connected';
      connection.dataset.state = value;
    },
  });
  onLeave(() => {
    stream.close();
    clearTimeout(refreshTimer);
    clearTimeout(noticeTimer);
  });
  refresh();
  return root;
}

/** What a re-check asks Microsoft, per required action. */
const ACTION_CHECKS = {
  relationship_acceptance: 'whether your Microsoft account has accepted the partner relationship',
  mca_acceptance: 'whether the Microsoft Customer Agreement has been accepted',
  education_review: 'whether the education review is finished',
};

/** What the workers are doing in each step, for the "working on it" state. */
const STEP_WORK = {
  account: 'your Microsoft account',
  mca: 'the Microsoft Customer Agreement of your account',
  qualification: 'the qualification of your account',
  subscription: 'the purchase of your subscriptions',
};

const SLOW_STEP_MS = 60_000;

function checkingCallout(what, slow = false) {
  return h(
    'section',
    { class: 'callout info checking', role: 'status', 'data-checking': slow ? 'slow' : 'now' },
    h('h2', {}, h('span', { class: 'spinner', 'aria-hidden': 'true' }), slow ? 'Still working on it' : 'Checking now'),
    slow
      ? h(
          'p',
          {},
          `Microsoft is slow to answer about ${what}, so we keep trying. Your order is safe and nothing is bought twice; nothing is needed from you. This page updates by itself.`,
        )
      : h('p', {}, `We are checking ${what} with Microsoft. This usually takes a few seconds; this page updates by itself.`),
  );
}

function sentence(text) {
  const trimmed = String(text ?? '').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The server's explanation up to its first full stop (the rest addresses partners). */
function firstSentence(text) {
  const match = /^.*?\.(\s|$)/.exec(text ?? '');
  return (match ? match[0] : sentence(text)).trim();
}

function itemsTable(items) {
  return pricedItemsTable(
    items.map((item) => ({ ...item, title: offerOf(item.catalogItemId)?.title ?? item.catalogItemId, price: item.price ?? null })),
    { 'data-order-items': true },
  );
}

function subscriptionsTable(subscriptions) {
  return h('div', { class: 'table-scroll' }, subscriptionRows(subscriptions));
}

function subscriptionRows(subscriptions) {
  return h(
    'table',
    { class: 'table stack', 'data-subscriptions': true },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Plan'),
        h('th', { scope: 'col' }, 'Term'),
        h('th', { scope: 'col', class: 'number' }, 'Licences'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Renews'),
      ),
    ),
    h(
      'tbody',
      {},
      subscriptions.map((subscription) =>
        h(
          'tr',
          {},
          h(
            'td',
            { 'data-label': 'Plan' },
            h(
              'span',
              {},
              offerOf(subscription.catalogItemId)?.title ?? subscription.catalogItemId,
              h('span', { class: 'muted block' }, subscription.id),
            ),
          ),
          h('td', { 'data-label': 'Term' }, termLabel(subscription)),
          h('td', { 'data-label': 'Licences', class: 'number' }, String(subscription.quantity)),
          h(
            'td',
            { 'data-label': 'Status' },
            h(
              'span',
              { class: 'badge', 'data-status': subscription.status === 'active' ? 'completed' : 'in_progress' },
              subscriptionStatus(subscription.status),
            ),
          ),
          h('td', { 'data-label': 'Renews' }, formatDay(subscription.commitmentEndDate)),
        ),
      ),
    ),
  );
}
