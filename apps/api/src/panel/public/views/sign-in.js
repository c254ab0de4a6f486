// Sign-in: customers arrive through a one-time link from their partner's portal (a cookie session,
// no key in the browser). Signing in with a customer API key remains for development only.
import { createApi } from '../api.js';
import { field, h, showErrors, valueOf } from '../dom.js';
import { save, session, state, takeReturn } from '../state.js';

const LINK_PROBLEMS = {
  expired:
    "This sign-in link has expired or has already been used. Links work once, for a few minutes: open the panel again from your partner's portal.",
  invalid: "This sign-in link is not valid. Open the panel again from your partner's portal.",
};

export function signInView(navigate) {
  const problem = new URLSearchParams(location.search).get('link');
  const form = h(
    'form',
    { class: 'dev-only', novalidate: true, 'aria-labelledby': 'dev-sign-in-title' },
    h('h2', { id: 'dev-sign-in-title' }, h('span', { class: 'badge' }, 'Development only'), ' Sign in with an API key'),
    h(
      'p',
      { class: 'muted' },
      'For developers and tests. Customers never need a key: the key stays in this browser tab until you sign out.',
    ),
    field({
      path: 'apiKey',
      label: 'Customer API key',
      type: 'password',
      required: true,
      autocomplete: 'off',
      hint: 'A customer key (nce_cust_…) issued by the partner through the API.',
      attributes: { spellcheck: 'false' },
    }),
    h('button', { class: 'button wide', type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const apiKey = valueOf(form, 'apiKey');
    if (!apiKey) return showErrors(form, { apiKey: 'Enter your API key' })?.focus();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await signIn(apiKey);
      navigate(takeReturn());
    } catch (error) {
      showErrors(form, { apiKey: error.status === 401 ? 'This key is not valid. Check it and try again.' : error.message })?.focus();
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'center' },
    h(
      'div',
      { class: 'card sign-in' },
      h('h1', {}, 'Sign in'),
      problem
        ? h('p', { class: 'callout error', role: 'alert', 'data-link-problem': problem }, LINK_PROBLEMS[problem] ?? LINK_PROBLEMS.invalid)
        : null,
      h('p', { class: 'lead' }, 'Order Microsoft licences from your partner and follow them until they are ready.'),
      h('p', {}, "Open the Customer Control Panel from your partner's portal: its link signs you in here."),
      form,
    ),
  );
}

/** Who the credentials belong to: only a customer may use the panel (a partner key gets a clear error). */
async function customerOf(api) {
  const me = await api.get('/v1/me');
  if (me.role !== 'customer') {
    throw Object.assign(
      new Error(
        me.role === 'partner'
          ? 'This is a partner key. The panel is for your customers: sign in with a customer key (nce_cust_…), or give your customer a panel link.'
          : 'This panel is for customers: use a customer key (nce_cust_…).',
      ),
      { status: 403 },
    );
  }
  return me;
}

/** Checks the key, then loads the catalogue; the key stays in this tab's session storage. */
export async function signIn(apiKey) {
  const api = createApi(apiKey);
  const me = await customerOf(api);
  await begin(api, me, apiKey);
}

/** The cookie session started by a panel link, if any (no key involved). */
export async function resumeCookieSession() {
  const api = createApi(null);
  const me = await customerOf(api);
  await begin(api, me, null);
}

async function begin(api, me, apiKey) {
  const catalog = (await api.get('/v1/catalog/offers')).items;
  state.apiKey = apiKey;
  state.me = me;
  state.cookieSession = apiKey === null;
  session.api = api;
  session.catalog = catalog;
  save();
}
