// The wizard's state, kept in sessionStorage: a reload keeps the cart and the answers, closing the
// tab forgets the key.

const KEY = 'nce-panel';

function emptyWizard() {
  return {
    cart: [],
    account: {
      type: 'existing',
      domain: '',
      relationshipConfirmed: null,
      lookup: null,
      domainPrefix: '',
      companyName: '',
      contact: {},
      address: { country: 'US' },
      organizationRegistrationNumber: '',
    },
    attestations: { partnerOfRecord: false, offer: false },
    signatory: {},
    qualification: { stateOwnedEntity: false, educationSegment: null },
    termsAccepted: false,
    idempotencyKey: null,
    errors: {},
  };
}

function load() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (stored) return { ...stored, wizard: { ...emptyWizard(), ...stored.wizard } };
  } catch {
    // A corrupt entry starts over.
  }
  return { apiKey: null, cookieSession: false, me: null, wizard: emptyWizard() };
}

export const state = load();
/** Not persisted: fetched after sign-in. */
export const session = { api: null, catalog: null };

export function save() {
  sessionStorage.setItem(
    KEY,
    JSON.stringify({ apiKey: state.apiKey, cookieSession: state.cookieSession, me: state.me, wizard: state.wizard }),
  );
}

export function resetWizard() {
  state.wizard = emptyWizard();
  save();
}

/** "Fix and order again": the wizard as the failed order left it (same plans, same answers). */
export async function reopenWizard(order) {
  const wizard = emptyWizard();
  wizard.cart = order.items.map(({ catalogItemId, quantity, termDuration, billingCycle }) => ({
    catalogItemId,
    quantity,
    termDuration,
    billingCycle,
  }));
  const account = order.account;
  if (account.type === 'new') {
    Object.assign(wizard.account, {
      type: 'new',
      domainPrefix: account.domainPrefix ?? account.domain.replace(/\.onmicrosoft\.com$/, ''),
      companyName: account.companyName ?? '',
      contact: account.contact ?? {},
      address: account.address ?? { country: 'US' },
      organizationRegistrationNumber: account.organizationRegistrationNumber ?? '',
      available: null,
    });
  } else {
    Object.assign(wizard.account, { type: 'existing', domain: account.domain });
    // The lookup decides the relationship question and whether the agreement step applies.
    wizard.account.lookup = await session.api.get(`/v1/accounts/lookup?domain=${encodeURIComponent(account.domain)}`).catch(() => null);
    wizard.account.relationshipConfirmed = wizard.account.lookup?.relationshipEstablished ? true : null;
  }
  if (order.attestations) wizard.attestations = { ...order.attestations };
  if (order.qualification) wizard.qualification = { ...order.qualification };
  if (order.mca?.signatory) wizard.signatory = { ...order.mca.signatory };
  wizard.reorderOf = order.id;
  state.wizard = wizard;
  save();
}

const RETURN_KEY = 'nce-panel-return';

/** The page asked for before sign-in, opened after it (deep links survive the sign-in). */
export function rememberReturn(hash) {
  if (hash && !/^#\/?(sign-in)?$/.test(hash)) sessionStorage.setItem(RETURN_KEY, hash);
}

export function takeReturn() {
  const hash = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return hash ?? '#/marketplace';
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  state.apiKey = null;
  state.cookieSession = false;
  state.me = null;
  state.wizard = emptyWizard();
  session.api = null;
  session.catalog = null;
}
