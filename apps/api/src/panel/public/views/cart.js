// Cart review: change quantities and terms, remove plans, Next.
import { announce, field, h, showErrors } from '../dom.js';
import { PERIOD, formatMoney, plural, termLabel } from '../labels.js';
import { save, state } from '../state.js';
import { offerOf, priceOf } from './marketplace.js';
import { totalsList } from './prices.js';
import { clearErrors, errorsFor, wizardPage } from './wizard.js';

export function cartView(navigate) {
  const cart = state.wizard.cart;
  if (cart.length === 0) {
    return h(
      'section',
      { class: 'wizard' },
      h('h1', {}, 'Your cart'),
      h(
        'div',
        { class: 'card empty' },
        h('p', {}, 'Your cart is empty.'),
        h('a', { class: 'button primary', href: '#/marketplace/nce' }, 'Browse the Microsoft NCE Catalogue'),
      ),
    );
  }
  const totals = h('div', { class: 'cart-totals' });
  // The lines as the form shows them now (term and quantity as typed), for the running totals.
  const current = (form) =>
    cart.map((item, index) => {
      const [termDuration, billingCycle] = form.querySelector(`[data-field="items[${index}].billingCycle"]`).value.split('/');
      const quantity = Number(form.querySelector(`[data-field="items[${index}].quantity"]`).value);
      return {
        ...item,
        termDuration,
        billingCycle,
        quantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 0,
        price: priceOf(item.catalogItemId, termDuration, billingCycle),
      };
    });
  const refresh = (form) => {
    const lines = current(form);
    lines.forEach((line, index) => {
      const slot = form.querySelector(`[data-line-price="${index}"]`);
      slot.textContent = line.price
        ? `${formatMoney(line.price.unitPrice, line.price.currency)} per licence ${PERIOD[line.price.billingCycle]} · ${plural(line.quantity, 'licence')}: ${formatMoney(Math.round(line.price.unitPrice * line.quantity * 100) / 100, line.price.currency)} ${PERIOD[line.price.billingCycle]}`
        : 'Price on request from your partner';
    });
    totals.replaceChildren(h('h2', {}, 'Totals'), totalsList(lines));
  };
  const rows = cart.map((item, index) => {
    const offer = offerOf(item.catalogItemId);
    const terms = offer.terms.map((term) => [`${term.termDuration}/${term.billingCycle}`, termLabel(term)]);
    const remove = () => {
      cart.splice(index, 1);
      save();
      announce(`${offer.title} removed from your cart`);
      document.dispatchEvent(new CustomEvent('cart-changed'));
      navigate('#/cart', { force: true });
    };
    return h(
      'li',
      { class: 'cart-line', 'data-plan': item.catalogItemId },
      h(
        'div',
        { class: 'cart-plan' },
        h('h2', {}, offer.title),
        h('p', { class: 'muted' }, `${offer.minQuantity} to ${offer.maxQuantity.toLocaleString()} licences`),
        h('p', { class: 'line-price', 'data-line-price': String(index) }),
      ),
      field({
        path: `items[${index}].billingCycle`,
        label: 'Term and billing',
        options: terms,
        value: `${item.termDuration}/${item.billingCycle}`,
      }),
      field({
        path: `items[${index}].quantity`,
        label: 'Licences',
        type: 'number',
        value: String(item.quantity),
        inputmode: 'numeric',
        attributes: { min: String(offer.minQuantity), max: String(offer.maxQuantity), step: '1' },
      }),
      h('button', { class: 'button subtle', type: 'button', onclick: remove, 'aria-label': `Remove ${offer.title}` }, 'Remove'),
    );
  });
  const page = wizardPage({
    step: 'cart',
    title: 'Review your cart',
    lead: 'Change quantities or terms, or remove plans. Then continue with your Microsoft account.',
    backHref: '#/marketplace/nce',
    body: [h('ul', { class: 'cart-lines' }, rows), totals],
    onNext: (form) => {
      const errors = {};
      cart.forEach((item, index) => {
        const offer = offerOf(item.catalogItemId);
        const [termDuration, billingCycle] = form.querySelector(`[data-field="items[${index}].billingCycle"]`).value.split('/');
        const raw = form.querySelector(`[data-field="items[${index}].quantity"]`).value;
        const quantity = Number(raw);
        if (!/^\d+$/.test(raw) || quantity < offer.minQuantity || quantity > offer.maxQuantity)
          errors[`items[${index}].quantity`] = `Enter a whole number from ${offer.minQuantity} to ${offer.maxQuantity}`;
        else Object.assign(item, { termDuration, billingCycle, quantity });
      });
      save();
      const invalid = showErrors(form, errors);
      if (invalid) return invalid.focus();
      clearErrors(['items']);
      navigate('#/account');
    },
  });
  showErrors(page, errorsFor(['items']));
  const form = page.querySelector('form');
  form.addEventListener('input', () => refresh(form));
  form.addEventListener('change', () => refresh(form));
  refresh(form);
  return page;
}
