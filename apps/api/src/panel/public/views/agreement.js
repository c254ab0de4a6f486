// The Microsoft Customer Agreement: asked only when the account has no valid MCA (step 9 of the
// order flow). Either the attestation input request, or, when the partner keeps the attestation
// to itself, the message that the partner will confirm the agreement.
import { field, h, showErrors, valueOf } from '../dom.js';
import { save, state } from '../state.js';
import { clearErrors, errorsFor, nextStep, wizardPage } from './wizard.js';

export const SIGNATORY_FIELDS = [
  ['firstName', 'First name', 'text', 'given-name'],
  ['lastName', 'Last name', 'text', 'family-name'],
  ['email', 'Email', 'email', 'email'],
  ['phoneNumber', 'Phone', 'tel', 'tel'],
];

export function customerMayAttest() {
  return state.me.partner.customerMcaAttestation === true;
}

/** The four signatory fields under `prefix` (`mca.signatory` in the order body). */
export function signatoryFields(prefix, values = {}) {
  return h(
    'div',
    { class: 'grid-2' },
    SIGNATORY_FIELDS.map(([name, label, type, autocomplete]) =>
      field({
        path: `${prefix}.${name}`,
        label,
        type,
        autocomplete,
        value: values[name] ?? '',
        required: true,
        hint: name === 'phoneNumber' ? 'For example +1 425 555 0100' : undefined,
      }),
    ),
  );
}

export function readSignatory(form, prefix) {
  const signatory = Object.fromEntries(SIGNATORY_FIELDS.map(([name]) => [name, valueOf(form, `${prefix}.${name}`)]));
  const errors = {};
  for (const [name] of SIGNATORY_FIELDS) if (!signatory[name]) errors[`${prefix}.${name}`] = 'Required';
  if (signatory.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(signatory.email))
    errors[`${prefix}.email`] = 'Enter an email address such as name@example.com';
  if (signatory.phoneNumber && !/^\+?[0-9 ()-]{5,25}$/.test(signatory.phoneNumber))
    errors[`${prefix}.phoneNumber`] = 'Enter a phone number such as +1 425 555 0100';
  return { signatory, errors };
}

function why(account) {
  if (account.type === 'new')
    return 'A new Microsoft account starts without the Microsoft Customer Agreement (MCA). Microsoft requires it to be valid when the order is placed.';
  if (!account.lookup?.relationshipEstablished)
    return 'Until the partner relationship is accepted, Microsoft does not show us whether the Microsoft Customer Agreement (MCA) of this account is valid. Microsoft requires a valid MCA when the order is placed.';
  if (account.lookup.mca === 'stale')
    return 'The Microsoft Customer Agreement (MCA) of this account was accepted before 2023-04-01 and Microsoft requires it to be accepted again before an order can be placed.';
  return 'Microsoft requires the Microsoft Customer Agreement (MCA) to be valid when an order is placed. It has never been accepted for this account, or Microsoft has expired or revoked it.';
}

export function agreementView(navigate) {
  const wizard = state.wizard;
  const body = customerMayAttest()
    ? [
        h('p', {}, why(wizard.account)),
        h(
          'p',
          {},
          'Give the person at your organisation who accepts the MCA. By placing the order, your partner attests that it has presented the MCA to you and that you have agreed to this version of it. Microsoft may then ask that person to accept the agreement on a Microsoft page: the link will appear on your order.',
        ),
        h('fieldset', { class: 'group' }, h('legend', {}, 'MCA signatory'), signatoryFields('mca.signatory', wizard.signatory)),
      ]
    : [
        h('p', {}, why(wizard.account)),
        h(
          'div',
          { class: 'callout info', 'data-partner-attests': true },
          h(
            'p',
            {},
            'Your partner will confirm the agreement with Microsoft; no input is needed from you. If Microsoft asks you to accept it, the link will appear on your order.',
          ),
        ),
      ];
  const page = wizardPage({
    step: 'agreement',
    title: 'Microsoft Customer Agreement',
    body,
    onNext: (form) => {
      clearErrors(['mca']);
      if (customerMayAttest()) {
        const { signatory, errors } = readSignatory(form, 'mca.signatory');
        wizard.signatory = signatory;
        save();
        const invalid = showErrors(form, errors);
        if (invalid) return invalid.focus();
      }
      navigate(`#/${nextStep('agreement')}`);
    },
  });
  showErrors(page, errorsFor(['mca']));
  return page;
}
