// The "Approved Partner Roles" button: the last GDAP check of the customer, and a fresh one.
import { h } from '../dom.js';
import { session } from '../state.js';

const MESSAGES = {
  approved: 'All roles your partner needs are approved.',
  approval_pending: 'Your partner asked for admin roles that wait for your approval. Approve them in the Microsoft admin centre.',
  missing: 'Some roles your partner needs are missing; a request is being prepared. Press the button again in a moment.',
  checking: 'Checking your partner roles… Press the button again in a moment.',
};

export function partnerRolesSection() {
  const result = h('div', { class: 'roles-result', role: 'status', 'data-roles-result': true });
  let customerId = null;

  function show(gdap) {
    const count = gdap.missingRoles?.length ?? 0;
    const pending = gdap.status === 'approval_pending';
    const message = h(
      'p',
      { 'data-roles-status': gdap.status },
      MESSAGES[gdap.status] ?? gdap.status,
      pending && count > 0 ? ` (${count} role${count === 1 ? '' : 's'})` : '',
    );
    const link =
      pending && gdap.approvalUrl
        ? h(
            'a',
            { class: 'button primary', href: gdap.approvalUrl, target: '_blank', rel: 'noopener', 'data-approval-link': true },
            'Approve partner roles',
            h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
          )
        : null;
    result.replaceChildren(...[message, link].filter(Boolean));
  }

  async function check(event) {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      show(await session.api.get(`/v1/customers/${encodeURIComponent(customerId)}/partner-roles`));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'error' }, error.message));
    } finally {
      button.disabled = false;
    }
  }

  return {
    show,
    element(forCustomer) {
      customerId = forCustomer;
      return h(
        'section',
        { class: 'card', 'aria-labelledby': 'roles-title' },
        h('h2', { id: 'roles-title' }, 'Partner admin roles'),
        h(
          'p',
          { class: 'muted' },
          'Your partner manages your subscriptions through admin roles you approve (GDAP). Approval may be needed again when your partner adds roles or a relationship expires.',
        ),
        h('button', { class: 'button', type: 'button', onclick: check, 'data-partner-roles': true }, 'Approved Partner Roles'),
        result,
      );
    },
  };
}
