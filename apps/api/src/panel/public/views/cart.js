// Cart review: change quantities and terms, remove plans, Next.
import { announce, field, h, showErrors } from '../dom.js';
import { termLabel } from '../labels.js';
import { save, state } from '../state.js';
import { offerOf } from './marketplace.js';
import { clearErrors, errorsFor, wizardPage } from './wizard.js';

export function cartView(navigate) {
  const cart = state.wizard.cart;
  if (cart.length === 0) {
    return h('section', { class: 'wizard' }, h('h1', {}, 'Your cart'), h('div', { class: 'card empty' }, h('p', {}, 'Your cart is empty.'), h('a', { class: 'button primary', href: '#/marketplace/nce' }, 'Browse the Microsoft NCE Catalogue')));
  }
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
      h('div', { class: 'cart-plan' }, h('h2', {}, offer.title), h('p', { class: 'muted' }, `${offer.minQuantity} to ${offer.maxQuantity.toLocaleString()} licences`)),
      field({ path: `items[${index}].billingCycle`, label: 'Term and billing', options: terms, value: `${item.termDuration}/${item.billingCycle}` }),
      field({ path: `items[${index}].quantity`, label: 'Licences', type: 'number', value: String(item.quantity), inputmode: 'numeric', attributes: { min: String(offer.minQuantity), max: String(offer.maxQuantity), step: '1' } }),
      h('button', { class: 'button subtle', type: 'button', onclick: remove, 'aria-label': `Remove ${offer.title}` }, 'Remove'),
    );
  });
  const page = wizardPage({
    step: 'cart',
    title: 'Review your cart',
    lead: 'Change quantities or terms, or remove plans. Then continue with your Microsoft account.',
    backHref: '#/marketplace/nce',
    body: h('ul', { class: 'cart-lines' }, rows),
    onNext: (form) => {
      const errors = {};
      cart.forEach((item, index) => {
        const offer = offerOf(item.catalogItemId);
        const [termDuration, billingCycle] = form.querySelector(`[data-field="items[${index}].billingCycle"]`).value.split('/');
        const raw = form.querySelector(`[data-field="items[${index}].quantity"]`).value;
        const quantity = Number(raw);
        if (!/^\d+$/.test(raw) || quantity < offer.minQuantity || quantity > offer.maxQuantity) errors[`items[${index}].quantity`] = `Enter a whole number from ${offer.minQuantity} to ${offer.maxQuantity}`;
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
  return page;
}
