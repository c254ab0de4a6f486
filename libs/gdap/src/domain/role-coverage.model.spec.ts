import { roleCoverage } from './role-coverage.model';

const now = Date.parse('2026-11-25T00:00:00Z');
const A = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const B = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('roleCoverage', () => {
  it('approves when active relationships grant every required role', () => {
    expect(
      roleCoverage(
        [
          { id: '1', status: 'active', roleIds: [A] },
          { id: '2', status: 'active', roleIds: [B] },
        ],
        [A, B],
        now,
      ),
    ).toEqual({ status: 'approved', missingRoles: [] });
  });

  it('reports missing roles when nothing covers them', () => {
    expect(roleCoverage([{ id: '1', status: 'active', roleIds: [A] }], [A, B], now)).toEqual({ status: 'missing', missingRoles: [B] });
  });

  it('reports approval pending when a relationship awaiting approval covers the missing roles', () => {
    expect(
      roleCoverage(
        [
          { id: '1', status: 'active', roleIds: [A] },
          { id: '2', status: 'approvalPending', roleIds: [A, B] },
        ],
        [A, B],
        now,
      ),
    ).toEqual({
      status: 'approval_pending',
      missingRoles: [B],
      pendingRelationshipId: '2',
    });
  });

  it('ignores expired relationships and treats ones ending soon without auto-extension as missing', () => {
    expect(roleCoverage([{ id: '1', status: 'expired', roleIds: [A] }], [A], now).status).toBe('missing');
    const soon = new Date(now + 5 * 24 * 3_600_000).toISOString();
    expect(
      roleCoverage([{ id: '1', status: 'active', roleIds: [A], endDateTime: soon, autoExtendDuration: 'PT0S' }], [A], now).status,
    ).toBe('missing');
    expect(
      roleCoverage([{ id: '1', status: 'active', roleIds: [A], endDateTime: soon, autoExtendDuration: 'P180D' }], [A], now).status,
    ).toBe('approved');
  });
});
