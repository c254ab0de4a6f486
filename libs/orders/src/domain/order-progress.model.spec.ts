import { readOrderProgress, tenantOf } from './order-progress.model';

describe('order progress as stored', () => {
  it('reads a row written before progress was typed, keeping every key', () => {
    const stored = {
      customerTenantId: 't-1',
      relationshipChecks: 2,
      accountDone: true,
      partnerCenterOrderIds: ['o-1'],
      mcaSignatory: { firstName: 'A', lastName: 'B', email: 'a@b.c', phoneNumber: '1' },
      laterKey: 'kept',
    };
    expect(readOrderProgress(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
  });

  it('counts a counter stored as text and drops values of the wrong kind', () => {
    const progress = readOrderProgress({
      vettingChecks: '3',
      acceptanceChecks: 'many',
      customerTenantId: 42,
      partnerCenterOrderIds: 'o-1',
    });
    expect(progress).toEqual({ vettingChecks: 3 });
  });

  it('reads anything that is not an object as no progress', () => {
    expect(readOrderProgress(null)).toEqual({});
    expect(readOrderProgress([1])).toEqual({});
    expect(readOrderProgress('x')).toEqual({});
  });

  it('takes the tenant from the account step, else from the order account, else none', () => {
    expect(tenantOf({ progress: { customerTenantId: 'p' }, account: { customerTenantId: 'a' } })).toBe('p');
    expect(tenantOf({ progress: {}, account: { customerTenantId: 'a' } })).toBe('a');
    expect(tenantOf({ progress: {}, account: {} })).toBe('');
  });
});
