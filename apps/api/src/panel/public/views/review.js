// Review order: the summary, the Terms of Service checkbox and Buy (POST /v1/orders).
import { checkbox, h, showErrors, valueOf } from '../dom.js';
import { EDUCATION_SEGMENTS } from '../labels.js';
import { resetWizard, save, session, state } from '../state.js';
import { customerMayAttest } from './agreement.js';
import { offerOf, priceOf } from './marketplace.js';
import { pricedItemsTable } from './prices.js';
import { agreementStepNeeded, formError, wizardPage } from './wizard.js';

/** Which wizard step owns a field the API named, so its error can be shown there. */
function stepOf(path) {
  if (path.startsWith('items')) return 'cart';
  if (path.startsWith('account') || path.startsWith('attestations')) return 'account';
  if (path.startsWith('mca')) return 'agreement';
  if (path.startsWith('qualification')) return 'qualification';
  return 'review';
}

function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== '' && value !== null && value !== undefined));
}

export function orderBody() {
  const wizard = state.wizard;
  const account = wizard.account;
  const body = {
    customerId: state.me.customer.id,
    items: wizard.cart.map(({ catalogItemId, quantity, termDuration, billingCycle }) => ({
      catalogItemId,
      quantity,
      termDuration,
      billingCycle,
    })),
    account:
      account.type === 'existing'
        ? { type: 'existing', domain: account.domain, relationshipConfirmed: account.relationshipConfirmed === true }
        : compact({
            type: 'new',
            domainPrefix: account.domainPrefix,
            companyName: account.companyName,
            contact: account.contact,
            address: compact(account.address),
            organizationRegistrationNumber: account.organizationRegistrationNumber,
          }),
    attestations: { partnerOfRecord: wizard.attestations.partnerOfRecord === true, offer: wizard.attestations.offer === true },
    qualification: {
      stateOwnedEntity: wizard.qualification.stateOwnedEntity === true,
      educationSegment: wizard.qualification.educationSegment ?? null,
    },
    termsAccepted: wizard.termsAccepted === true,
  };
  if (agreementStepNeeded() && customerMayAttest()) body.mca = { signatory: wizard.signatory };
  return body;
}

function summaryBlock(title, step, rows) {
  return h(
    'section',
    { class: 'summary-block' },
    h(
      'div',
      { class: 'summary-head' },
      h('h2', {}, title),
      h('a', { href: `#/${step}`, 'aria-label': `Change ${title.toLowerCase()}` }, 'Change'),
    ),
    h(
      'dl',
      { class: 'facts' },
      rows.filter(Boolean).map(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)]),
    ),
  );
}

export function reviewView(navigate) {
  const wizard = state.wizard;
  wizard.idempotencyKey ??= crypto.randomUUID();
  save();
  const account = wizard.account;
  const items = h(
    'section',
    { class: 'summary-block' },
    h('div', { class: 'summary-head' }, h('h2', {}, 'Plans'), h('a', { href: '#/cart', 'aria-label': 'Change plans' }, 'Change')),
    pricedItemsTable(
      wizard.cart.map((item) => ({
        ...item,
        title: offerOf(item.catalogItemId)?.title ?? item.catalogItemId,
        price: priceOf(item.catalogItemId, item.termDuration, item.billingCycle),
      })),
      { 'data-review-items': true },
    ),
  );
  const accountRows =
    account.type === 'existing'
      ? [
          ['Account', 'Existing Microsoft CSP account'],
          ['Primary domain', account.domain],
          ['Partner relationship', account.lookup?.relationshipEstablished ? 'Established' : 'Confirmed by you'],
        ]
      : [
          ['Account', 'New Microsoft CSP account'],
          ['Primary domain', `${account.domainPrefix}.onmicrosoft.com`],
          ['Company', account.companyName],
          ['Contact', `${account.contact.firstName} ${account.contact.lastName} · ${account.contact.email}`],
          [
            'Address',
            [account.address.addressLine1, account.address.city, account.address.state, account.address.postalCode, account.address.country]
              .filter(Boolean)
              .join(', '),
          ],
        ];
  if (wizard.attestations.partnerOfRecord) accountRows.push(['Partner of Record', 'Attested']);
  if (wizard.attestations.offer) accountRows.push(['Offer attestation', 'Accepted']);
  const agreementRows = !agreementStepNeeded()
    ? null
    : customerMayAttest()
      ? [
          [
            'Signatory',
            `${wizard.signatory.firstName} ${wizard.signatory.lastName} · ${wizard.signatory.email} · ${wizard.signatory.phoneNumber}`,
          ],
        ]
      : [['Signatory', 'Your partner confirms the agreement']];
  const qualificationRows = [
    ['State-owned entity', wizard.qualification.stateOwnedEntity ? 'Yes' : 'None'],
    wizard.qualification.educationSegment ? ['Education segment', EDUCATION_SEGMENTS[wizard.qualification.educationSegment]] : null,
  ];
  const serverErrors = Object.entries(wizard.errors).filter(([path]) => stepOf(path) !== 'review');
  const page = wizardPage({
    step: 'review',
    title: 'Review order',
    lead: 'Check your order, read the Terms of Service and place the order.',
    nextLabel: 'Buy',
    body: [
      serverErrors.length > 0
        ? h(
            'div',
            { class: 'callout error', role: 'alert', 'data-error-summary': true },
            h('h2', {}, 'Please correct the following'),
            h(
              'ul',
              {},
              serverErrors.map(([path, message]) => h('li', {}, h('a', { href: `#/${stepOf(path)}` }, message))),
            ),
          )
        : null,
      items,
      summaryBlock('Microsoft account', 'account', accountRows),
      agreementRows ? summaryBlock('Microsoft Customer Agreement', 'agreement', agreementRows) : null,
      summaryBlock('Qualification', 'qualification', qualificationRows),
      h(
        'details',
        { class: 'terms' },
        h('summary', {}, 'Terms of Service'),
        h(
          'p',
          {},
          `${state.me.partner.name} places this order with Microsoft under its authority as a Cloud Solution Provider. Microsoft does not support customers ordering in this channel and may change it at any time. Subscriptions start when Microsoft provisions them and are billed by your partner at the prices shown, for each billing period of the chosen term (taxes added where they apply); cancellations follow Microsoft's New Commerce rules.`,
        ),
      ),
      checkbox({ path: 'termsAccepted', label: 'I have read and agree to the Terms of Service', checked: wizard.termsAccepted }),
    ],
    onNext: (form) => buy(form, navigate),
  });
  showErrors(page, Object.fromEntries(Object.entries(wizard.errors).filter(([path]) => stepOf(path) === 'review')));
  return page;
}

async function buy(form, navigate) {
  const wizard = state.wizard;
  formError(form, '');
  wizard.termsAccepted = valueOf(form, 'termsAccepted');
  save();
  if (!wizard.termsAccepted) return showErrors(form, { termsAccepted: 'Agree to the Terms of Service to place the order' })?.focus();
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  button.textContent = 'Placing order…';
  try {
    const order = await session.api.post('/v1/orders', orderBody(), { 'idempotency-key': wizard.idempotencyKey });
    resetWizard();
    document.dispatchEvent(new CustomEvent('cart-changed'));
    navigate(`#/orders/${order.id}`);
  } catch (error) {
    button.disabled = false;
    button.textContent = 'Buy';
    wizard.errors = error.fieldErrors ?? {};
    save();
    if (Object.keys(wizard.errors).length > 0) return navigate('#/review', { force: true });
    formError(form, error.message);
  }
}
