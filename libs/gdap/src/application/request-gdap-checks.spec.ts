import type { SqlExecutor } from '@nce/persistence';
import type { CustomerGdapState } from './gdap.ports';
import { RequestGdapChecks } from './request-gdap-checks.use-case';

function setup(last: CustomerGdapState | null) {
  const written: unknown[][] = [];
  let kicks = 0;
  const tx = { query: async (_sql: string, params: unknown[]) => void written.push(params) } as unknown as SqlExecutor;
  const checks = new RequestGdapChecks({
    unitOfWork: { transaction: async (work) => work(tx) } as ConstructorParameters<typeof RequestGdapChecks>[0]['unitOfWork'],
    repository: { find: async () => last },
    linkedCustomerIds: async () => ['c-1', 'c-2'],
    onCommitted: () => void kicks++,
  });
  return { checks, written, kicks: () => kicks };
}

describe('RequestGdapChecks', () => {
  const last: CustomerGdapState = {
    customerId: 'c-1',
    status: 'approved',
    missingRoles: [],
    approvalUrl: null,
    relationshipId: 'r',
    checkedAt: new Date(),
  };

  it('returns the last check and commits a fresh one, then wakes the relay', async () => {
    const { checks, written, kicks } = setup(last);
    expect(await checks.forCustomer('c-1')).toBe(last);
    expect(JSON.stringify(written)).toContain('gdap-c-1-requested-');
    expect(kicks()).toBe(1);
  });

  it('re-checks every linked customer of a partner whose roles changed', async () => {
    const { checks, written, kicks } = setup(null);
    await checks.forPartner('p-1');
    expect(JSON.stringify(written)).toMatch(/gdap-c-1-roles_changed-.*gdap-c-2-roles_changed-/);
    expect(kicks()).toBe(1);
  });
});
