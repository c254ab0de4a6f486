// Marketplace → Microsoft NCE catalogue → a segment tile → its plans, each with Add to Cart.
import { announce, field, fieldId, h, showErrors } from '../dom.js';
import { BILLING, PERIOD, SEGMENTS, TERMS, formatMoney, plural, termLabel } from '../labels.js';
import { save, session, state } from '../state.js';

/** Plans (one row per term) grouped by catalog item, in catalogue order. */
export function offersOf(catalog) {
  const byItem = new Map();
  for (const plan of catalog) {
    const offer = byItem.get(plan.catalogItemId) ?? { ...plan, terms: [] };
    offer.terms.push({ termDuration: plan.termDuration, billingCycle: plan.billingCycle, price: plan.price ?? null });
    byItem.set(plan.catalogItemId, offer);
  }
  return [...byItem.values()];
}

/** The customer price of one plan (term and billing cycle), or null when the partner has none for it. */
export function priceOf(catalogItemId, termDuration, billingCycle) {
  return (
    offerOf(catalogItemId)?.terms.find((term) => term.termDuration === termDuration && term.billingCycle === billingCycle)?.price ?? null
  );
}

export function offerOf(catalogItemId) {
  return offersOf(session.catalog ?? []).find((offer) => offer.catalogItemId === catalogItemId);
}

function tile({ href, title, text, meta }) {
  return h(
    'li',
    { class: 'tile' },
    h(
      'a',
      { href },
      h('span', { class: 'tile-logo', 'aria-hidden': 'true' }, h('span'), h('span'), h('span'), h('span')),
      h('span', { class: 'tile-title' }, title),
      h('span', { class: 'tile-text' }, text),
      meta ? h('span', { class: 'tile-meta' }, meta) : null,
    ),
  );
}

export function marketplaceView() {
  return h(
    'section',
    {},
    h('h1', {}, 'Marketplace'),
    h('p', { class: 'lead' }, 'Choose a catalogue to browse.'),
    h(
      'ul',
      { class: 'tiles' },
      tile({
        href: '#/marketplace/nce',
        title: 'Microsoft NCE Catalogue',
        text: 'Microsoft 365 and other Microsoft cloud services on New Commerce terms.',
        meta: `${offersOf(session.catalog).length} services`,
      }),
    ),
  );
}

export function nceCatalogueView() {
  const offers = offersOf(session.catalog);
  const count = (segment) => offers.filter((offer) => offer.segment === segment).length;
  return h(
    'section',
    {},
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/marketplace' }, 'Marketplace'),
      h('span', { 'aria-current': 'page' }, 'Microsoft NCE Catalogue'),
    ),
    h('h1', {}, 'Microsoft NCE Catalogue'),
    h(
      'ul',
      { class: 'tiles' },
      Object.entries(SEGMENTS).map(([segment, label]) =>
        tile({
          href: `#/marketplace/nce/${segment}`,
          title: `NCE Microsoft 365 (${label})`,
          text:
            segment === 'education'
              ? 'Plans for schools and universities (qualified existing customers only).'
              : 'Plans for businesses of every size.',
          meta: `${count(segment)} plans`,
        }),
      ),
    ),
  );
}

export function plansView(segment) {
  const offers = offersOf(session.catalog).filter((offer) => offer.segment === segment);
  const title = `NCE Microsoft 365 (${SEGMENTS[segment] ?? segment})`;
  return h(
    'section',
    {},
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/marketplace' }, 'Marketplace'),
      h('a', { href: '#/marketplace/nce' }, 'Microsoft NCE Catalogue'),
      h('span', { 'aria-current': 'page' }, title),
    ),
    h('h1', {}, title),
    h(
      'p',
      { class: 'lead' },
      'Pick a term and a number of licences, then add the plan to your cart. Prices are per licence for each billing period, excluding taxes.',
    ),
    h('ul', { class: 'plans' }, offers.map(planCard)),
  );
}

function planCard(offer) {
  const inCart = state.wizard.cart.find((item) => item.catalogItemId === offer.catalogItemId);
  const path = `plan.${offer.catalogItemId}`;
  const card = h('li', { class: 'card plan', 'data-plan': offer.catalogItemId });
  const terms = offer.terms.map((term) => [`${term.termDuration}/${term.billingCycle}`, termLabel(term)]);
  const add = (event) => {
    event.preventDefault();
    const [termDuration, billingCycle] = card.querySelector(`#${fieldId(`${path}.term`)}`).value.split('/');
    const quantity = Number(card.querySelector(`#${fieldId(`${path}.quantity`)}`).value);
    const errors = addToCart(offer, { termDuration, billingCycle, quantity }, `${path}.quantity`);
    const invalid = showErrors(card, errors);
    if (invalid) return invalid.focus();
    status.textContent = 'Added to your cart.';
    announce(`${offer.title} added to your cart`);
    document.dispatchEvent(new CustomEvent('cart-changed'));
  };
  const status = h('p', { class: 'plan-status', role: 'status' }, inCart ? 'In your cart.' : '');
  // The price of the chosen term, and what the chosen number of licences costs per billing period.
  const priceLine = h('p', { class: 'plan-price', 'data-plan-price': true, 'aria-live': 'polite' });
  const showPrice = () => {
    const [termDuration, billingCycle] = card.querySelector(`#${fieldId(`${path}.term`)}`).value.split('/');
    const price = offer.terms.find((term) => term.termDuration === termDuration && term.billingCycle === billingCycle)?.price;
    const quantity = Number(card.querySelector(`#${fieldId(`${path}.quantity`)}`).value);
    if (!price) return priceLine.replaceChildren(h('span', { class: 'muted' }, 'Price on request from your partner'));
    priceLine.replaceChildren(
      h('span', { class: 'amount' }, formatMoney(price.unitPrice, price.currency)),
      h('span', { class: 'muted' }, ` per licence ${PERIOD[price.billingCycle]}`),
      Number.isInteger(quantity) && quantity > 0
        ? h(
            'span',
            { class: 'block muted', 'data-plan-total': true },
            `${plural(quantity, 'licence')}: ${formatMoney(Math.round(price.unitPrice * quantity * 100) / 100, price.currency)} ${PERIOD[price.billingCycle]}`,
          )
        : null,
    );
  };
  card.append(
    h('h2', {}, offer.title),
    h('p', { class: 'muted' }, `Product ${offer.productId} · SKU ${offer.skuId}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Terms'),
      h('dd', {}, [...new Set(offer.terms.map((term) => TERMS[term.termDuration] ?? term.termDuration))].join(', ')),
      h('dt', {}, 'Billing'),
      h('dd', {}, [...new Set(offer.terms.map((term) => BILLING[term.billingCycle] ?? term.billingCycle))].join(', ')),
      h('dt', {}, 'Licences'),
      h('dd', {}, `${offer.minQuantity} to ${offer.maxQuantity.toLocaleString()}`),
      offer.requiresOfferAttestation ? [h('dt', {}, 'Attestation'), h('dd', {}, 'Offer attestation required')] : null,
    ),
    h(
      'form',
      { class: 'plan-form', onsubmit: add, novalidate: true },
      field({
        path: `${path}.term`,
        label: 'Term and billing',
        options: terms,
        value: inCart ? `${inCart.termDuration}/${inCart.billingCycle}` : (terms.find(([value]) => value === 'P1Y/monthly') ?? terms[0])[0],
      }),
      field({
        path: `${path}.quantity`,
        label: 'Licences',
        type: 'number',
        value: String(inCart?.quantity ?? offer.minQuantity),
        inputmode: 'numeric',
        attributes: { min: String(offer.minQuantity), max: String(offer.maxQuantity), step: '1' },
      }),
      h('button', { class: 'button primary', type: 'submit' }, 'Add to Cart'),
    ),
    status,
  );
  card.querySelector('form').insertAdjacentElement('beforebegin', priceLine);
  card.querySelector(`#${fieldId(`${path}.term`)}`).addEventListener('change', showPrice);
  card.querySelector(`#${fieldId(`${path}.quantity`)}`).addEventListener('input', showPrice);
  showPrice();
  return card;
}

/** Adds or updates a cart line; returns field errors ({} when added). */
export function addToCart(offer, line, errorPath) {
  const cart = state.wizard.cart;
  if (!Number.isInteger(line.quantity) || line.quantity < offer.minQuantity || line.quantity > offer.maxQuantity) {
    return { [errorPath]: `Enter a whole number from ${offer.minQuantity} to ${offer.maxQuantity}` };
  }
  const otherSegment = cart.find((item) => offerOf(item.catalogItemId)?.segment !== offer.segment);
  if (otherSegment)
    return {
      [errorPath]: `Your cart holds ${SEGMENTS[offerOf(otherSegment.catalogItemId)?.segment]?.toLowerCase()} plans; an order is of one segment. Place that order first, or empty the cart.`,
    };
  if (!cart.some((item) => item.catalogItemId === offer.catalogItemId) && cart.length >= 10)
    return { [errorPath]: 'An order holds at most 10 plans' };
  const existing = cart.find((item) => item.catalogItemId === offer.catalogItemId);
  if (existing) Object.assign(existing, line);
  else cart.push({ catalogItemId: offer.catalogItemId, ...line });
  save();
  return {};
}
