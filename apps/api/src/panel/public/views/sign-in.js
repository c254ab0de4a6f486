// Sign in with a customer API key (GET /v1/me checks it and says who it belongs to).
import { createApi } from '../api.js';
import { field, h, showErrors, valueOf } from '../dom.js';
import { save, session, state } from '../state.js';

export function signInView(navigate) {
  const form = h(
    'form',
    { class: 'card sign-in', novalidate: true },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'lead' }, 'Order Microsoft licences from your partner and follow them until they are ready.'),
    field({ path: 'apiKey', label: 'Customer API key', type: 'password', required: true, autocomplete: 'current-password', hint: 'Your partner gives you this key. Demo keys: .demo/credentials.json, customers[].apiKey.', attributes: { spellcheck: 'false' } }),
    h('button', { class: 'button primary wide', type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const apiKey = valueOf(form, 'apiKey');
    if (!apiKey) return showErrors(form, { apiKey: 'Enter your API key' })?.focus();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const me = await signIn(apiKey);
      if (me.role !== 'customer') throw Object.assign(new Error('This panel is for customers: use a customer key (nce_cust_…).'), { status: 403 });
      navigate('#/marketplace');
    } catch (error) {
      state.apiKey = null;
      state.me = null;
      showErrors(form, { apiKey: error.status === 401 ? 'This key is not valid. Check it and try again.' : error.message })?.focus();
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'center' }, form);
}

/** Checks the key, then loads the catalogue; the key stays in this tab's session storage. */
export async function signIn(apiKey) {
  const api = createApi(apiKey);
  const me = await api.get('/v1/me');
  state.apiKey = apiKey;
  state.me = me;
  session.api = api;
  session.catalog = (await api.get('/v1/catalog/offers')).items;
  save();
  return me;
}
