// The order wizard's frame: which steps apply, the step indicator, Back / Next.
import { h } from '../dom.js';
import { state } from '../state.js';
import { offerOf } from './marketplace.js';

export function cartSegment() {
  const first = state.wizard.cart[0];
  return first ? (offerOf(first.catalogItemId)?.segment ?? 'commercial') : null;
}

/** Nothing about the MCA is asked when Microsoft already holds a valid one for the account. */
export function agreementStepNeeded() {
  const account = state.wizard.account;
  return account.type === 'new' || account.lookup?.mca !== 'valid';
}

export function wizardSteps() {
  return [
    ['cart', 'Cart'],
    ['account', 'Account'],
    agreementStepNeeded() ? ['agreement', 'Agreement'] : null,
    ['qualification', 'Qualification'],
    ['review', 'Review'],
  ].filter(Boolean);
}

export function nextStep(current) {
  const steps = wizardSteps();
  return steps[steps.findIndex(([name]) => name === current) + 1]?.[0] ?? 'review';
}

export function previousStep(current) {
  const steps = wizardSteps();
  return steps[steps.findIndex(([name]) => name === current) - 1]?.[0] ?? 'cart';
}

export function stepper(current) {
  const steps = wizardSteps();
  const index = steps.findIndex(([name]) => name === current);
  return h(
    'ol',
    { class: 'stepper', 'aria-label': 'Order steps' },
    steps.map(([, label], position) =>
      h(
        'li',
        { class: position < index ? 'done' : position === index ? 'current' : '', 'aria-current': position === index ? 'step' : null },
        h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(position + 1)),
        h('span', {}, label),
      ),
    ),
  );
}

/** A wizard page: indicator, heading, the form, and Back / Next (Next submits the form). */
export function wizardPage({ step, title, lead, body, onNext, nextLabel = 'Next', backHref }) {
  const form = h(
    'form',
    {
      class: 'wizard-form',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        onNext(form);
      },
    },
    body,
  );
  form.append(
    h('p', { class: 'form-error', role: 'alert', 'data-form-error': true }),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button', href: backHref ?? `#/${previousStep(step)}` }, 'Back'),
      h('button', { class: 'button primary', type: 'submit' }, nextLabel),
    ),
  );
  return h('section', { class: 'wizard' }, stepper(step), h('h1', {}, title), lead ? h('p', { class: 'lead' }, lead) : null, form);
}

export function formError(form, message) {
  const slot = form.querySelector('[data-form-error]');
  slot.textContent = message ?? '';
}

/** Errors the API returned for this step's fields, kept until the field is submitted again. */
export function errorsFor(prefixes) {
  return Object.fromEntries(
    Object.entries(state.wizard.errors).filter(([path]) =>
      prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)),
    ),
  );
}

export function clearErrors(prefixes) {
  for (const path of Object.keys(errorsFor(prefixes))) delete state.wizard.errors[path];
}
