// Customer Control Panel: a hash router over the views. Only the public API is used.
import { focusHeading, h } from './dom.js';
import { rememberReturn, save, session, signOut, state, takeReturn } from './state.js';
import { accountView } from './views/account.js';
import { agreementView } from './views/agreement.js';
import { cartView } from './views/cart.js';
import { marketplaceView, nceCatalogueView, plansView } from './views/marketplace.js';
import { orderView } from './views/order.js';
import { ordersView } from './views/orders.js';
import { qualificationView } from './views/qualification.js';
import { reviewView } from './views/review.js';
import { resumeCookieSession, signIn, signInView } from './views/sign-in.js';
import { subscriptionView } from './views/subscription.js';
import { subscriptionsView } from './views/subscriptions.js';
import { agreementStepNeeded, nextStep } from './views/wizard.js';

const main = document.getElementById('main');
const nav = document.getElementById('account-nav');
let leaving = [];
let renderCount = 0;

function navigate(hash, { force = false } = {}) {
  if (location.hash === hash) {
    if (force) render();
  } else location.hash = hash;
}

let cookieProbed = false;

/** A development key kept in this tab, or the cookie session a panel link started (asked once per load). */
async function restoreSession() {
  if (session.api) return true;
  try {
    if (state.apiKey) await signIn(state.apiKey);
    else if (!cookieProbed) {
      cookieProbed = true;
      await resumeCookieSession();
    } else return false;
    return true;
  } catch {
    signOut();
    return false;
  }
}

async function endSession() {
  // A cookie session ends on the server too: the cookie is of no use afterwards.
  if (state.cookieSession) await session.api?.delete('/v1/panel-session').catch(() => undefined);
  signOut();
  navigate('#/sign-in', { force: true });
}

function renderNav() {
  if (!session.api) return nav.replaceChildren();
  const count = state.wizard.cart.length;
  const current = location.hash.split('/')[1] ?? '';
  const link = (href, label, section) => h('a', { href, 'aria-current': current === section ? 'page' : null }, label);
  nav.replaceChildren(
    link('#/marketplace', 'Marketplace', 'marketplace'),
    link(
      '#/cart',
      h(
        'span',
        {},
        'Cart ',
        h('span', { class: 'count', 'data-cart-count': true }, String(count)),
        h('span', { class: 'visually-hidden' }, count === 1 ? ' plan' : ' plans'),
      ),
      'cart',
    ),
    link('#/orders', 'Orders', 'orders'),
    link('#/subscriptions', 'Subscriptions', 'subscriptions'),
    h('span', { class: 'who', title: state.me.partner.name }, state.me.customer.name),
    h('button', { class: 'link-button', type: 'button', onclick: endSession }, 'Sign out'),
  );
}

/** Wizard pages need a cart; a page that does not apply hands over to the next one. */
function wizardView(step) {
  if (state.wizard.cart.length === 0) return cartView(navigate);
  if (step === 'agreement' && !agreementStepNeeded()) {
    navigate(`#/${nextStep('account')}`);
    return null;
  }
  const views = { account: accountView, agreement: agreementView, qualification: qualificationView, review: reviewView };
  return views[step](navigate);
}

function viewFor(parts) {
  const onLeave = (callback) => leaving.push(callback);
  switch (parts[0]) {
    case 'marketplace':
      if (parts[1] === 'nce' && parts[2]) return plansView(parts[2]);
      return parts[1] === 'nce' ? nceCatalogueView() : marketplaceView();
    case 'cart':
      return cartView(navigate);
    case 'account':
    case 'agreement':
    case 'qualification':
    case 'review':
      return wizardView(parts[0]);
    case 'orders':
      return parts[1] ? orderView(parts[1], onLeave) : ordersView();
    case 'subscriptions':
      return parts[1] ? subscriptionView(parts[1], onLeave) : subscriptionsView();
    default:
      return marketplaceView();
  }
}

async function render() {
  const mine = ++renderCount;
  for (const callback of leaving.splice(0)) callback();
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const signedIn = await restoreSession();
  if (mine !== renderCount) return;
  // Back from a panel link's sign-in: the page asked for before it.
  if (signedIn && sessionStorage.getItem('nce-panel-return') && parts[0] !== 'sign-in') {
    const target = takeReturn();
    if (target !== location.hash) return navigate(target);
  }
  renderNav();
  if (!signedIn || parts[0] === 'sign-in') {
    if (signedIn) return navigate('#/marketplace');
    if (parts[0] !== 'sign-in') {
      rememberReturn(location.hash);
      return navigate('#/sign-in');
    }
    main.replaceChildren(signInView(navigate));
    return focusHeading(main);
  }
  // The account step depends on the tenant link, which an earlier order may have just made.
  if (parts[0] === 'account') {
    state.me = await session.api.get('/v1/me').catch(() => state.me);
    save();
  }
  if (mine !== renderCount) return;
  const view = viewFor(parts.length > 0 ? parts : ['marketplace']);
  if (!view) return;
  main.replaceChildren(view);
  document.title = `${main.querySelector('h1')?.textContent ?? 'Panel'} · Customer Control Panel`;
  focusHeading(main);
}

// The skip link must not go through the hash router.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', render);
document.addEventListener('cart-changed', renderNav);
render();
