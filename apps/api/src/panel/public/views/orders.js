// The customer's orders, newest first.
import { h } from '../dom.js';
import { STATUS, formatDate } from '../labels.js';
import { session } from '../state.js';
import { offerOf } from './marketplace.js';

export function ordersView() {
  const body = h('tbody', {}, h('tr', {}, h('td', { colspan: '4' }, 'Loading…')));
  session.api.get('/v1/orders?limit=50').then(
    ({ items }) =>
      body.replaceChildren(
        ...(items.length === 0
          ? [h('tr', {}, h('td', { colspan: '4' }, 'No orders yet. ', h('a', { href: '#/marketplace/nce' }, 'Browse the catalogue')))]
          : items.map((order) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/orders/${order.id}` }, order.id.slice(0, 8))),
                h('td', {}, formatDate(order.createdAt)),
                h(
                  'td',
                  {},
                  order.items.map((item) => `${offerOf(item.catalogItemId)?.title ?? item.catalogItemId} × ${item.quantity}`).join(', '),
                ),
                h('td', {}, h('span', { class: 'badge', 'data-status': order.status }, STATUS[order.status] ?? order.status)),
              ),
            )),
      ),
    (error) => body.replaceChildren(h('tr', {}, h('td', { colspan: '4', class: 'error' }, error.message))),
  );
  return h(
    'section',
    {},
    h('h1', {}, 'Your orders'),
    h(
      'div',
      { class: 'card table-wrap' },
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Order'),
            h('th', { scope: 'col' }, 'Placed'),
            h('th', { scope: 'col' }, 'Plans'),
            h('th', { scope: 'col' }, 'Status'),
          ),
        ),
        body,
      ),
    ),
  );
}
