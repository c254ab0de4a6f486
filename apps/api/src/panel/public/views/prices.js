// Plans with their prices: unit price, quantity, term, billing frequency, line totals and the totals
// per billing period (review and order pages); the cart's running totals.
import { h } from '../dom.js';
import { BILLING, PERIOD, PERIOD_TOTAL, TERMS, formatMoney, totalsOf } from '../labels.js';

/** lines: [{ title, termDuration, billingCycle, quantity, price? }] */
export function pricedItemsTable(lines, attributes = {}) {
  const money = (amount, price) => (price ? formatMoney(amount, price.currency) : '—');
  const totals = totalsOf(lines);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'table stack priced', ...attributes },
      h('caption', { class: 'visually-hidden' }, 'Plans, prices and totals'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Plan'),
          h('th', { scope: 'col' }, 'Term'),
          h('th', { scope: 'col' }, 'Billing'),
          h('th', { scope: 'col', class: 'number' }, 'Licences'),
          h('th', { scope: 'col', class: 'number' }, 'Unit price'),
          h('th', { scope: 'col', class: 'number' }, 'Total'),
        ),
      ),
      h(
        'tbody',
        {},
        lines.map((line) =>
          h(
            'tr',
            { 'data-line': line.catalogItemId },
            h('td', { 'data-label': 'Plan' }, line.title),
            h('td', { 'data-label': 'Term' }, TERMS[line.termDuration] ?? line.termDuration),
            h('td', { 'data-label': 'Billing' }, BILLING[line.billingCycle] ?? line.billingCycle),
            h('td', { 'data-label': 'Licences', class: 'number' }, String(line.quantity)),
            h(
              'td',
              { 'data-label': 'Unit price', class: 'number', 'data-unit-price': true },
              line.price ? `${money(line.price.unitPrice, line.price)} ${PERIOD[line.price.billingCycle]}` : 'Price on request',
            ),
            h(
              'td',
              { 'data-label': 'Total', class: 'number', 'data-line-total': true },
              line.price
                ? `${money(Math.round(line.price.unitPrice * line.quantity * 100) / 100, line.price)} ${PERIOD[line.price.billingCycle]}`
                : '—',
            ),
          ),
        ),
      ),
      totals.length > 0
        ? h(
            'tfoot',
            {},
            totals.map((total) =>
              h(
                'tr',
                { 'data-total': total.billingCycle },
                h('th', { scope: 'row', colspan: '5' }, `${PERIOD_TOTAL[total.billingCycle] ?? 'Total'} (excluding taxes)`),
                h('td', { class: 'number' }, formatMoney(total.amount, total.currency)),
              ),
            ),
          )
        : null,
    ),
  );
}

/** The totals per billing period as sentences ("Monthly total: $30.00"). */
export function totalsList(lines) {
  const totals = totalsOf(lines);
  if (totals.length === 0)
    return h('p', { class: 'muted', 'data-totals': true }, 'Your partner gives the price of these plans on request.');
  return h(
    'dl',
    { class: 'facts totals', 'data-totals': true },
    totals.map((total) => [
      h('dt', {}, `${PERIOD_TOTAL[total.billingCycle] ?? 'Total'}`),
      h('dd', { 'data-total': total.billingCycle }, `${formatMoney(total.amount, total.currency)} excluding taxes`),
    ]),
  );
}
