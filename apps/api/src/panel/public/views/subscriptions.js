// Every subscription of the customer across orders (GET /v1/subscriptions), each linking to its page
// (licences, renewal, cancellation) and to its order.
import { h } from '../dom.js';
import { BILLING, PERIOD, TERMS, formatDay, formatMoney, plural, subscriptionStatus } from '../labels.js';
import { session } from '../state.js';

export function subscriptionsView() {
  const body = h('tbody', {}, h('tr', {}, h('td', { colspan: '7' }, 'Loading…')));
  const summary = h('p', { class: 'lead', role: 'status' });
  session.api.get('/v1/subscriptions?limit=200').then(
    ({ items }) => {
      summary.textContent =
        items.length === 0
          ? 'You have no subscriptions yet.'
          : `${plural(items.length, 'subscription')}, ${plural(
              items.reduce((sum, item) => sum + item.quantity, 0),
              'licence',
            )} in all.`;
      body.replaceChildren(
        ...(items.length === 0
          ? [
              h(
                'tr',
                {},
                h(
                  'td',
                  { colspan: '7' },
                  'Subscriptions appear here once an order is provisioned. ',
                  h('a', { href: '#/marketplace/nce' }, 'Browse the catalogue'),
                ),
              ),
            ]
          : items.map(row)),
      );
    },
    (error) => body.replaceChildren(h('tr', {}, h('td', { colspan: '7', class: 'error' }, error.message))),
  );
  return h(
    'section',
    {},
    h('h1', {}, 'Your subscriptions'),
    summary,
    h(
      'div',
      { class: 'card table-wrap' },
      h(
        'table',
        { class: 'table stack', 'data-subscriptions-list': true },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Plan', 'Licences', 'Status', 'Term', 'Renewal date', 'Price', 'Order'].map((label) =>
              h('th', { scope: 'col', class: label === 'Licences' ? 'number' : null }, label),
            ),
          ),
        ),
        body,
      ),
    ),
  );
}

function row(subscription) {
  const price = subscription.price;
  return h(
    'tr',
    { 'data-subscription': subscription.id },
    h(
      'td',
      { 'data-label': 'Plan' },
      h(
        'span',
        {},
        h('a', { href: `#/subscriptions/${encodeURIComponent(subscription.id)}`, 'data-manage': true }, subscription.title),
        h('span', { class: 'muted block' }, subscription.id),
        subscription.pendingChange ? h('span', { class: 'block', 'data-pending-change': true }, 'A change is being applied') : null,
      ),
    ),
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
    h(
      'td',
      { 'data-label': 'Term' },
      `${TERMS[subscription.termDuration] ?? subscription.termDuration} · ${BILLING[subscription.billingCycle] ?? subscription.billingCycle} billing`,
    ),
    h('td', { 'data-label': 'Renewal date' }, formatDay(subscription.commitmentEndDate)),
    h(
      'td',
      { 'data-label': 'Price', 'data-price': true },
      price
        ? h(
            'span',
            {},
            `${formatMoney(Math.round(price.unitPrice * subscription.quantity * 100) / 100, price.currency)} ${PERIOD[price.billingCycle]}`,
            h('span', { class: 'muted block' }, `${formatMoney(price.unitPrice, price.currency)} per licence`),
          )
        : '—',
    ),
    h(
      'td',
      { 'data-label': 'Order' },
      h(
        'a',
        { href: `#/orders/${subscription.orderId}`, 'aria-label': `Order ${subscription.orderId.slice(0, 8)} of ${subscription.title}` },
        subscription.orderId.slice(0, 8),
      ),
    ),
  );
}
