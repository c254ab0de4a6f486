// Account step: a new Microsoft CSP account (domain availability checked as you type) or an
// existing one (relationship with the partner, primary domain); attestations where they apply.
import { checkbox, field, h, radioGroup, showErrors, valueOf } from '../dom.js';
import { save, session, state } from '../state.js';
import { offerOf } from './marketplace.js';
import { cartSegment, clearErrors, errorsFor, formError, nextStep, wizardPage } from './wizard.js';

const PREFIX = /^[a-z0-9]{1,27}$/;
const DOMAIN = /^[a-z0-9]{1,27}\.onmicrosoft\.com$/;
// Every ISO 3166-1 alpha-2 country (249), named in English by the browser, sorted by name.
const COUNTRY_CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(
    ' ',
  );
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const COUNTRIES = COUNTRY_CODES.map((code) => [code, REGION_NAMES.of(code) ?? code]).sort((a, b) => a[1].localeCompare(b[1], 'en'));
const PATHS = ['account', 'attestations'];

export function accountView(navigate) {
  const wizard = state.wizard;
  const account = wizard.account;
  const linked = state.me.customer?.tenant ?? null;
  const education = cartSegment() === 'education';
  if (linked || education) account.type = 'existing';
  if (linked) account.domain = linked.domain;

  const details = h('div', { class: 'account-details' });
  const renderDetails = () => {
    details.replaceChildren(account.type === 'new' ? newAccountFields(account) : existingAccountFields(account, linked));
    showErrors(details, errorsFor(PATHS));
  };
  const typeChoice = radioGroup({
    path: 'account.type',
    legend: 'Microsoft CSP account',
    value: account.type,
    onchange: (event) => {
      account.type = event.target.value;
      save();
      renderDetails();
    },
    options: [
      [
        'new',
        'Create a new Microsoft CSP account',
        linked
          ? `Your organisation already has one: ${linked.domain}`
          : education
            ? 'Only existing customers can be qualified to purchase Education offers'
            : 'We create the account with Microsoft and give you its first admin login.',
        Boolean(linked || education),
      ],
      ['existing', 'Use an existing Microsoft CSP account', 'Your organisation already has a Microsoft 365 or Azure tenant.'],
    ],
  });
  renderDetails();

  const page = wizardPage({
    step: 'account',
    title: 'Your Microsoft account',
    lead: 'Microsoft licences belong to a Microsoft customer account (tenant). Create one, or use the one you have.',
    body: [typeChoice, details, attestationFields()],
    onNext: (form) => submit(form, navigate),
  });
  showErrors(page, errorsFor(PATHS));
  return page;
}

function existingAccountFields(account, linked) {
  const relationship = h('div', { class: 'relationship', 'data-relationship': true });
  const domainField = field({
    path: 'account.domain',
    label: 'Primary domain',
    value: account.domain,
    required: true,
    autocomplete: 'off',
    hint: 'In the form mytenantdomain.onmicrosoft.com',
    attributes: { spellcheck: 'false', autocapitalize: 'none', readonly: Boolean(linked) },
  });
  domainField.querySelector('input').addEventListener('change', () => {
    account.lookup = null;
    account.relationshipConfirmed = null;
    relationship.replaceChildren();
  });
  if (account.lookup && !account.lookup.relationshipEstablished) relationship.append(relationshipFields(account));
  return h('div', {}, domainField, relationship);
}

/** Step 7 of the order flow: the partner invitation link and the confirmation. */
function relationshipFields(account) {
  const link = h(
    'a',
    { href: session.relationshipUrl ?? '#', target: '_blank', rel: 'noopener', class: 'strong-link', 'data-invitation-link': true },
    'here',
  );
  if (!session.relationshipUrl) {
    session.api.get('/v1/relationship-request').then(
      ({ url }) => {
        session.relationshipUrl = url;
        link.href = url;
      },
      () => undefined,
    );
  }
  return h(
    'section',
    { class: 'callout', 'aria-labelledby': 'relationship-title' },
    h('h2', { id: 'relationship-title' }, 'Partner relationship needed'),
    h(
      'p',
      {},
      `${account.domain} has not accepted ${state.me.partner.name} as its partner yet. Click `,
      link,
      ' to go to the Microsoft admin centre and accept the partner relationship, then return here and confirm.',
    ),
    radioGroup({
      path: 'account.relationshipConfirmed',
      legend: 'Confirm if the customer partner authorization is done',
      value: account.relationshipConfirmed === null ? null : String(account.relationshipConfirmed),
      options: [
        ['true', 'Yes'],
        ['false', 'No'],
      ],
    }),
  );
}

function newAccountFields(account) {
  const status = h(
    'p',
    { class: 'availability', id: 'availability', role: 'status', 'aria-live': 'polite' },
    account.available === true ? `${account.domainPrefix}.onmicrosoft.com is available` : '',
  );
  const prefix = field({
    path: 'account.domainPrefix',
    label: 'Domain prefix',
    value: account.domainPrefix,
    required: true,
    suffix: '.onmicrosoft.com',
    autocomplete: 'off',
    hint: 'Lowercase letters and digits, up to 27. It becomes your primary domain and cannot be changed.',
    attributes: { spellcheck: 'false', autocapitalize: 'none', maxlength: '27' },
  });
  const input = prefix.querySelector('input');
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} availability`);
  prefix.append(status);
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    account.domainPrefix = input.value.trim();
    account.available = null;
    timer = setTimeout(() => checkAvailability(account, prefix, status), 350);
  });
  // Reopened with a prefix (after a failed order): its availability is checked again at once.
  if (account.domainPrefix && account.available == null) timer = setTimeout(() => checkAvailability(account, prefix, status), 0);
  const contact = account.contact ?? {};
  const address = account.address ?? {};
  return h(
    'div',
    {},
    prefix,
    field({ path: 'account.companyName', label: 'Company name', value: account.companyName, required: true, autocomplete: 'organization' }),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Contact'),
      h(
        'div',
        { class: 'grid-2' },
        field({
          path: 'account.contact.firstName',
          label: 'First name',
          value: contact.firstName,
          required: true,
          autocomplete: 'given-name',
        }),
        field({
          path: 'account.contact.lastName',
          label: 'Last name',
          value: contact.lastName,
          required: true,
          autocomplete: 'family-name',
        }),
        field({
          path: 'account.contact.email',
          label: 'Email',
          type: 'email',
          value: contact.email,
          required: true,
          autocomplete: 'email',
        }),
        field({
          path: 'account.contact.phoneNumber',
          label: 'Phone',
          type: 'tel',
          value: contact.phoneNumber,
          required: true,
          autocomplete: 'tel',
          hint: 'For example +1 425 555 0100',
        }),
      ),
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, 'Address'),
      field({
        path: 'account.address.addressLine1',
        label: 'Address line 1',
        value: address.addressLine1,
        required: true,
        autocomplete: 'address-line1',
      }),
      field({ path: 'account.address.addressLine2', label: 'Address line 2', value: address.addressLine2, autocomplete: 'address-line2' }),
      h(
        'div',
        { class: 'grid-2' },
        field({ path: 'account.address.city', label: 'City', value: address.city, required: true, autocomplete: 'address-level2' }),
        field({
          path: 'account.address.state',
          label: 'State or region',
          value: address.state,
          autocomplete: 'address-level1',
          hint: 'Required in the United States and Canada',
        }),
        field({
          path: 'account.address.postalCode',
          label: 'Postal code',
          value: address.postalCode,
          required: true,
          autocomplete: 'postal-code',
        }),
        field({
          path: 'account.address.country',
          label: 'Country',
          value: address.country ?? 'US',
          options: COUNTRIES,
          autocomplete: 'country',
        }),
      ),
    ),
    field({
      path: 'account.organizationRegistrationNumber',
      label: 'Organization registration number (tax id)',
      value: account.organizationRegistrationNumber,
      hint: 'Required by Microsoft in some countries, for example Brazil, India and Poland.',
    }),
  );
}

async function checkAvailability(account, container, status) {
  const prefix = account.domainPrefix;
  if (!PREFIX.test(prefix)) {
    showErrors(container, prefix ? { 'account.domainPrefix': 'Use 1 to 27 lowercase letters and digits' } : {});
    status.textContent = '';
    return;
  }
  status.textContent = 'Checking availability…';
  try {
    const lookup = await session.api.get(`/v1/accounts/lookup?domain=${encodeURIComponent(`${prefix}.onmicrosoft.com`)}`);
    if (account.domainPrefix !== prefix) return;
    account.available = !lookup.exists;
    save();
    showErrors(container, lookup.exists ? { 'account.domainPrefix': `${prefix}.onmicrosoft.com is already taken` } : {});
    status.textContent = lookup.exists ? '' : `${prefix}.onmicrosoft.com is available`;
  } catch (error) {
    if (account.domainPrefix !== prefix) return;
    status.textContent = '';
    showErrors(container, { 'account.domainPrefix': unavailableMessage(error) });
  }
}

function unavailableMessage(error) {
  if (error.status === 503)
    return `Microsoft is not answering right now; try again${error.retryAfter ? ` in ${error.retryAfter} seconds` : ' shortly'}.`;
  return error.message;
}

/**
 * The conditions an offer attestation confirms, by the licensing programme named in the plan.
 * Microsoft's catalogue carries only the attestation's type; the wording is ours (assumed), from
 * Microsoft's Windows Hybrid Benefit terms for Windows 365.
 */
const OFFER_CONDITIONS = [
  [
    /Hybrid Benefit/i,
    'Every user of these Cloud PCs is licensed for Windows 10 or Windows 11 Pro (or Enterprise) on the primary device they use to reach the Cloud PC; Microsoft may ask for proof.',
  ],
];
const DEFAULT_CONDITIONS = 'Your organisation meets the licensing conditions Microsoft sets for this plan; Microsoft may ask for proof.';

function offerConditions(offer) {
  return OFFER_CONDITIONS.find(([pattern]) => pattern.test(offer.title))?.[1] ?? DEFAULT_CONDITIONS;
}

/** Partner of Record only in the indirect channel; the offer attestation only when a SKU enforces it. */
function attestationFields() {
  const attestations = state.wizard.attestations;
  const attested = state.wizard.cart.map((item) => offerOf(item.catalogItemId)).filter((offer) => offer?.requiresOfferAttestation);
  const indirect = state.me.partner.channel === 'indirect';
  if (!indirect && attested.length === 0) return null;
  const conditions =
    attested.length > 0
      ? h(
          'div',
          { class: 'conditions', id: 'offer-conditions', 'data-offer-conditions': true },
          h('p', {}, 'By checking the box below you confirm, for each plan:'),
          h(
            'ul',
            {},
            attested.map((offer) => h('li', {}, h('strong', {}, `${offer.title}: `), offerConditions(offer))),
          ),
        )
      : null;
  const offerBox =
    attested.length > 0
      ? checkbox({
          path: 'attestations.offer',
          label: `Offer attestation: I confirm that we meet the licensing conditions above for ${attested.map((offer) => offer.title).join(', ')}.`,
          checked: attestations.offer,
          hint: 'Microsoft enforces this attestation for the selected plan.',
        })
      : null;
  offerBox
    ?.querySelector('input')
    .setAttribute('aria-describedby', `offer-conditions ${offerBox.querySelector('input').getAttribute('aria-describedby')}`);
  return h(
    'fieldset',
    { class: 'group' },
    h('legend', {}, 'Attestations'),
    indirect
      ? checkbox({
          path: 'attestations.partnerOfRecord',
          label: `Partner of Record attestation: I confirm that ${state.me.partner.name} is the partner of record for this purchase.`,
          checked: attestations.partnerOfRecord,
        })
      : null,
    conditions,
    offerBox,
  );
}

async function submit(form, navigate) {
  const wizard = state.wizard;
  const account = wizard.account;
  formError(form, '');
  clearErrors(PATHS);
  const errors = account.type === 'new' ? readNewAccount(form, account) : await readExistingAccount(form, account);
  save();
  // The relationship question just appeared (and has the focus): it is answered before anything else.
  if (
    account.type === 'existing' &&
    account.lookup &&
    !account.lookup.relationshipEstablished &&
    account.relationshipConfirmed === null &&
    Object.keys(errors).length === 0
  )
    return;
  const porShown = Boolean(form.querySelector('[data-field="attestations.partnerOfRecord"]'));
  const offerShown = Boolean(form.querySelector('[data-field="attestations.offer"]'));
  if (porShown) wizard.attestations.partnerOfRecord = valueOf(form, 'attestations.partnerOfRecord');
  if (offerShown) wizard.attestations.offer = valueOf(form, 'attestations.offer');
  if (porShown && !wizard.attestations.partnerOfRecord)
    errors['attestations.partnerOfRecord'] = 'The partner of record attestation is required in this sales model';
  if (offerShown && !wizard.attestations.offer) errors['attestations.offer'] = 'The selected plan requires the offer attestation';
  save();
  const invalid = showErrors(form, errors);
  if (invalid) return invalid.focus();
  navigate(`#/${nextStep('account')}`);
}

async function readExistingAccount(form, account) {
  const domain = valueOf(form, 'account.domain').toLowerCase();
  if (domain !== account.domain) account.lookup = null;
  account.domain = domain;
  if (!DOMAIN.test(domain))
    return { 'account.domain': 'Enter the primary domain as mytenantdomain.onmicrosoft.com (lowercase letters and digits)' };
  if (!account.lookup) {
    try {
      account.lookup = await session.api.get(`/v1/accounts/lookup?domain=${encodeURIComponent(domain)}`);
    } catch (error) {
      return { 'account.domain': unavailableMessage(error) };
    }
    if (!account.lookup.exists) {
      account.lookup = null;
      return { 'account.domain': `No Microsoft account uses ${domain}. Check the spelling, or create a new account.` };
    }
    if (!account.lookup.relationshipEstablished) {
      account.relationshipConfirmed = null;
      const slot = form.querySelector('[data-relationship]');
      slot.replaceChildren(relationshipFields(account));
      slot.querySelector('h2').setAttribute('tabindex', '-1');
      slot.querySelector('h2').focus();
      return {};
    }
  }
  if (account.lookup.relationshipEstablished) {
    account.relationshipConfirmed = true;
    return {};
  }
  const answer = valueOf(form, 'account.relationshipConfirmed');
  account.relationshipConfirmed = answer === null ? null : answer === 'true';
  if (answer !== 'true')
    return { 'account.relationshipConfirmed': 'Accept the partner relationship through the link above, then choose Yes' };
  // Accepted: Microsoft now shows the account's agreement, so a valid MCA is not asked about (step 9).
  const fresh = await session.api.get(`/v1/accounts/lookup?domain=${encodeURIComponent(domain)}`).catch(() => null);
  if (fresh?.exists && fresh.relationshipEstablished) account.lookup = fresh;
  return {};
}

function readNewAccount(form, account) {
  const read = (path) => valueOf(form, path);
  account.domainPrefix = read('account.domainPrefix');
  account.companyName = read('account.companyName');
  account.contact = {
    firstName: read('account.contact.firstName'),
    lastName: read('account.contact.lastName'),
    email: read('account.contact.email'),
    phoneNumber: read('account.contact.phoneNumber'),
  };
  account.address = {
    addressLine1: read('account.address.addressLine1'),
    addressLine2: read('account.address.addressLine2'),
    city: read('account.address.city'),
    state: read('account.address.state'),
    postalCode: read('account.address.postalCode'),
    country: read('account.address.country'),
  };
  account.organizationRegistrationNumber = read('account.organizationRegistrationNumber');
  const errors = {};
  const requiredPaths = [
    'account.companyName',
    'account.contact.firstName',
    'account.contact.lastName',
    'account.contact.email',
    'account.contact.phoneNumber',
    'account.address.addressLine1',
    'account.address.city',
    'account.address.postalCode',
  ];
  for (const path of requiredPaths) if (!read(path)) errors[path] = 'Required';
  if (!PREFIX.test(account.domainPrefix)) errors['account.domainPrefix'] = 'Use 1 to 27 lowercase letters and digits';
  else if (account.available === false) errors['account.domainPrefix'] = `${account.domainPrefix}.onmicrosoft.com is already taken`;
  else if (account.available !== true) errors['account.domainPrefix'] = 'Wait for the availability check to finish';
  if (account.contact.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(account.contact.email))
    errors['account.contact.email'] = 'Enter an email address such as name@example.com';
  if (account.contact.phoneNumber && !/^\+?[0-9 ()-]{5,25}$/.test(account.contact.phoneNumber))
    errors['account.contact.phoneNumber'] = 'Enter a phone number such as +1 425 555 0100';
  if (['US', 'CA'].includes(account.address.country) && !account.address.state) errors['account.address.state'] = 'Required';
  if (account.companyName && account.companyName.length < 2) errors['account.companyName'] = 'Enter at least 2 characters';
  return errors;
}
