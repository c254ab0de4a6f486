// The wizard's state, kept in sessionStorage: a reload keeps the cart and the answers, closing the
// tab forgets the key.

const KEY = 'nce-panel';

function emptyWizard() {
  return {
    cart: [],
    account: { type: 'existing', domain: '', relationshipConfirmed: null, lookup: null, domainPrefix: '', companyName: '', contact: {}, address: { country: 'US' }, organizationRegistrationNumber: '' },
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
  return { apiKey: null, me: null, wizard: emptyWizard() };
}

export const state = load();
/** Not persisted: fetched after sign-in. */
export const session = { api: null, catalog: null };

export function save() {
  sessionStorage.setItem(KEY, JSON.stringify({ apiKey: state.apiKey, me: state.me, wizard: state.wizard }));
}

export function resetWizard() {
  state.wizard = emptyWizard();
  save();
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  state.apiKey = null;
  state.me = null;
  state.wizard = emptyWizard();
  session.api = null;
  session.catalog = null;
}
