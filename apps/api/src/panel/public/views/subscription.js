// One subscription: its facts, the three actions (licences, auto-renew, cancel) and the change in
// flight followed live like an order (SSE over fetch, then a read of the change after each burst).
import { CHANGE_STATUS, changeSummary, delayText, describeChangeEvent, failureText, refusalText } from '../change-labels.js';
import { announce, h } from '../dom.js';
import { followEvents } from '../event-stream.js';
import { BILLING, PERIOD, TERMS, formatDate, formatDay, formatMoney, plural, subscriptionStatus } from '../labels.js';
import { session } from '../state.js';
import { autoRenewCard, cancelCard, licencesCard } from './subscription-actions.js';

const TERMINAL = ['completed', 'failed'];

export function subscriptionView(subscriptionId, onLeave) {
  const api = session.api;
  const base = `/v1/subscriptions/${encodeURIComponent(subscriptionId)}`;
  const heading = h('h1', {}, 'Subscription');
  const crumb = h('span', { 'aria-current': 'page' }, 'Subscription');
  const badge = h('span', { class: 'badge', 'data-subscription-status': true });
  const facts = h('div', { 'data-facts': true });
  const changeArea = h('div', { 'data-change': true });
  const actions = h('div', { 'data-actions': true }, h('p', {}, 'Loading…'));
  const connection = h('span', { class: 'connection', 'data-connection': true });
  const timeline = h('ol', { class: 'timeline', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-timeline': true });
  const idle = h('p', { class: 'muted', 'data-idle': true }, 'No change in progress.');
  const history = h('ul', { class: 'plain-list', 'data-changes': true });
  // One Idempotency-Key per user action: a retry of the same action after no answer reuses it.
  const keys = new Map();
  let subscription = null;
  let change = null;
  let stream = null;
  let refreshTimer = null;
  let deadlineTimer = null;
  let seen = new Set();

  const root = h(
    'section',
    { class: 'subscription-page' },
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/subscriptions' }, 'Subscriptions'), crumb),
    h('div', { class: 'order-head' }, heading, badge),
    h(
      'div',
      { class: 'order-layout' },
      h('div', { class: 'order-main' }, facts, changeArea, actions),
      h(
        'aside',
        { class: 'card timeline-card', 'aria-labelledby': 'changes-title' },
        h('div', { class: 'timeline-head' }, h('h2', { id: 'changes-title' }, 'Change timeline'), connection),
        idle,
        timeline,
        h('h3', {}, 'Recent changes'),
        history,
      ),
    ),
  );

  function render() {
    heading.textContent = subscription.title;
    crumb.textContent = subscription.title;
    document.title = `${subscription.title} · Customer Control Panel`;
    badge.textContent = subscriptionStatus(subscription.status);
    badge.dataset.status = subscription.status === 'active' ? 'completed' : subscription.status === 'deleted' ? 'cancelled' : 'in_progress';
    facts.replaceChildren(factsCard(subscription));
    renderActions();
  }

  function busy() {
    const pending = subscription.pendingChange;
    // A copy read just before the change ended may still name it: what the change says wins.
    if (pending && !(change?.id === pending.id && TERMINAL.includes(change.status))) return true;
    return change !== null && !TERMINAL.includes(change.status);
  }

  function renderActions() {
    clearTimeout(deadlineTimer);
    if (subscription.status !== 'active') {
      actions.replaceChildren(
        h(
          'section',
          { class: 'callout info', 'data-not-active': true },
          h('h2', {}, `This subscription is ${subscriptionStatus(subscription.status).toLowerCase()}`),
          h('p', {}, 'Licences, renewal and cancellation can be changed only while a subscription is active.'),
        ),
      );
      return;
    }
    if (!subscription.syncedAt) {
      // Just bought: our copy is read from Microsoft within seconds; until then the windows are unknown.
      actions.replaceChildren(
        h(
          'section',
          { class: 'callout info', role: 'status', 'data-not-synced': true },
          h('h2', {}, 'Reading the subscription from Microsoft'),
          h(
            'p',
            {},
            'Its renewal setting and the time left to remove licences or cancel show here in a moment; this page updates by itself.',
          ),
        ),
      );
      deadlineTimer = setTimeout(() => load().catch(() => undefined), 2_000);
      return;
    }
    const inFlight = busy();
    const group = h(
      'fieldset',
      { class: 'action-cards', disabled: inFlight, 'aria-describedby': inFlight ? 'in-flight-note' : null },
      h('legend', { class: 'visually-hidden' }, 'Change this subscription'),
      inFlight
        ? h(
            'p',
            { class: 'callout info', id: 'in-flight-note', 'data-in-flight': true },
            'A change is being applied to this subscription. The actions are available again once it is done.',
          )
        : null,
      licencesCard(subscription, send),
      autoRenewCard(subscription, send),
      cancelCard(subscription, send),
    );
    const hadFocus = actions.contains(document.activeElement);
    actions.replaceChildren(group);
    if (hadFocus) keepFocus();
    // The cancel button goes, with the reason, the moment the window closes while the page is open.
    const until = Date.parse(subscription.cancellableUntil ?? '') - Date.now();
    if (until > 0 && until < 2 ** 31 - 1) deadlineTimer = setTimeout(renderActions, until + 500);
  }

  async function send(action, body, error) {
    const text = JSON.stringify(body);
    const known = keys.get(action);
    const key = known?.body === text ? known.key : crypto.randomUUID();
    keys.set(action, { body: text, key });
    error.textContent = '';
    try {
      const accepted = await api.post(`${base}/changes`, body, { 'idempotency-key': key });
      keys.delete(action);
      follow(accepted);
      loadHistory();
      announce(`${changeSummary(accepted)}: ${CHANGE_STATUS[accepted.status] ?? 'received'}`);
      changeArea.querySelector('h2')?.focus();
      return true;
    } catch (failure) {
      // An answer settles the action; without one (network, 5xx, 429) the same key is sent again.
      if (failure.status !== 0 && failure.status < 500 && failure.status !== 429) keys.delete(action);
      error.textContent = refusalText(failure);
      if (failure.problem?.code === 'CHANGE_IN_FLIGHT') load().catch(() => undefined);
      return false;
    }
  }

  function follow(next) {
    if (change?.id !== next.id) {
      stream?.close();
      stream = null;
      seen = new Set();
      timeline.replaceChildren();
    }
    showChange(next);
    if (!stream && !TERMINAL.includes(next.status)) {
      stream = followEvents(`/v1/subscription-changes/${encodeURIComponent(next.id)}/events`, api.key, { onEvent, onState });
    }
    renderActions();
  }

  function showChange(next) {
    // Replies may arrive out of order: never go back to an older state.
    if (change?.id === next.id && next.updatedAt < change.updatedAt) return;
    const was = change?.id === next.id ? change.status : null;
    change = next;
    const hadFocus = changeArea.contains(document.activeElement);
    changeArea.replaceChildren(changeCallout(next));
    if (hadFocus) keepFocus();
    if (TERMINAL.includes(next.status) && was !== next.status) {
      stream?.close();
      stream = null;
      onState('done');
      // The read can be ahead of the stream: the events it has not delivered yet complete the timeline.
      api.get(`/v1/subscription-changes/${encodeURIComponent(next.id)}/events`).then(
        ({ items }) => change?.id === next.id && items.forEach(addEvent),
        () => undefined,
      );
      announce(`${changeSummary(next)}: ${CHANGE_STATUS[next.status]}`);
      // Our copy of the subscription is refreshed after every change: read it again.
      load().catch(() => undefined);
    }
  }

  /** A re-render removed the focused control: focus goes to the change's heading (or the page's). */
  function keepFocus() {
    (changeArea.querySelector('h2') ?? heading).focus();
  }

  function onState(value) {
    connection.textContent =
      value === 'live' ? 'Live' : value === 'reconnecting' ? 'Reconnecting…' : value === 'done' ? '' : 'Not connected';
    connection.dataset.state = value;
  }

  function onEvent(event) {
    let item;
    try {
      item = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!addEvent(item)) return;
    // Events come in bursts: one read of the change after the burst.
    clearTimeout(refreshTimer);
    const id = change.id;
    refreshTimer = setTimeout(
      () =>
        api.get(`/v1/subscription-changes/${encodeURIComponent(id)}`).then(
          (read) => change?.id === id && showChange(read),
          () => undefined,
        ),
      80,
    );
  }

  /** One line of the timeline, in sequence order; false when it is shown already. */
  function addEvent(item) {
    if (seen.has(item.sequence)) return false;
    seen.add(item.sequence);
    idle.hidden = true;
    const kind = item.type.replace('subscription_change.', '');
    const line = h(
      'li',
      { 'data-sequence': String(item.sequence), 'data-type': item.type, class: `change-${kind}` },
      h('time', { datetime: item.occurredAt }, formatDate(item.occurredAt)),
      h('span', {}, describeChangeEvent(item)),
    );
    const later = [...timeline.children].find((other) => Number(other.dataset.sequence) > item.sequence);
    timeline.insertBefore(line, later ?? null);
    return true;
  }

  async function load() {
    subscription = await api.get(base);
    render();
    loadHistory();
    const pending = subscription.pendingChange;
    if (pending && change?.id !== pending.id) follow(await api.get(`/v1/subscription-changes/${encodeURIComponent(pending.id)}`));
  }

  async function loadHistory() {
    try {
      const { items } = await api.get(`/v1/subscription-changes?subscriptionId=${encodeURIComponent(subscriptionId)}`);
      history.replaceChildren(
        ...(items.length === 0
          ? [h('li', { class: 'muted' }, 'No changes yet.')]
          : items.map((item) =>
              h(
                'li',
                { 'data-change-id': item.id },
                h('span', {}, `${changeSummary(item)}: ${CHANGE_STATUS[item.status] ?? item.status}`),
                h('span', { class: 'muted block' }, formatDate(item.createdAt)),
              ),
            )),
      );
    } catch {
      history.replaceChildren(h('li', { class: 'muted' }, 'The earlier changes could not be loaded.'));
    }
  }

  onLeave(() => {
    stream?.close();
    clearTimeout(refreshTimer);
    clearTimeout(deadlineTimer);
  });
  load().catch((error) =>
    actions.replaceChildren(
      h('p', { class: 'error', role: 'alert' }, error.status === 404 ? 'This subscription was not found.' : error.message),
    ),
  );
  return root;
}

function changeCallout(change) {
  const failed = change.status === 'failed';
  const done = change.status === 'completed';
  let words;
  if (failed) words = `${failureText(change.failure)} Nothing was changed.`;
  else if (done) words = doneText(change);
  else if (change.delay) words = delayText(change.delay);
  else if (change.status === 'accepted') words = 'Received. We send it to Microsoft in a moment; this page updates by itself.';
  else words = 'Microsoft is applying the change. This usually takes a few seconds; this page updates by itself.';
  return h(
    'section',
    {
      class: `callout ${failed ? 'error' : done ? 'success' : 'info'}`,
      'data-change-id': change.id,
      'data-change-status': change.status,
      'data-delay': change.delay?.reason ?? null,
    },
    h(
      'h2',
      { tabindex: '-1', class: 'change-head' },
      change.status === 'accepted' || change.status === 'in_progress' ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
      `${changeSummary(change)}: ${CHANGE_STATUS[change.status] ?? change.status}`,
    ),
    h('p', { 'data-change-words': true }, words),
  );
}

function doneText(change) {
  const requested = change.requested ?? {};
  if (change.kind === 'quantity') return `Microsoft applied the change: you now have ${plural(requested.quantity, 'licence')}.`;
  if (change.kind === 'auto_renew')
    return requested.autoRenew
      ? 'Auto-renew is on: the subscription renews at the end of its term.'
      : 'Auto-renew is off: the subscription ends at the end of its term.';
  return 'The subscription is cancelled: its licences are removed and Microsoft refunds the time left under its rules.';
}

function factsCard(subscription) {
  const price = subscription.price;
  const row = (label, value, attributes = {}) => [h('dt', {}, label), h('dd', attributes, value)];
  return h(
    'section',
    { class: 'card', 'aria-label': 'Subscription details' },
    h(
      'dl',
      { class: 'facts' },
      row('Licences', String(subscription.quantity), { 'data-quantity': true }),
      row(
        'Term',
        `${TERMS[subscription.termDuration] ?? subscription.termDuration} · ${BILLING[subscription.billingCycle] ?? subscription.billingCycle} billing`,
      ),
      row(subscription.autoRenew === false ? 'Ends on' : 'Renewal date', formatDay(subscription.commitmentEndDate), {
        'data-renewal': true,
      }),
      row(
        'Price',
        price
          ? `${formatMoney(Math.round(price.unitPrice * subscription.quantity * 100) / 100, price.currency)} ${PERIOD[price.billingCycle] ?? ''} (${formatMoney(price.unitPrice, price.currency)} per licence)`
          : '—',
      ),
      row('Order', h('a', { href: `#/orders/${subscription.orderId}` }, subscription.orderId.slice(0, 8))),
      row('Subscription ID', h('code', {}, subscription.id)),
      subscription.syncedAt ? row('Checked with Microsoft', formatDate(subscription.syncedAt)) : null,
    ),
  );
}
