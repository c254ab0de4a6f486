import { TokenStore } from './token.store';

describe('TokenStore (token facts a simulator snapshot keeps)', () => {
  it('survives a JSON round trip: revocations, ageing, the MFA switch, numbering and device codes', () => {
    const store = new TokenStore();
    const first = store.takeRefreshSeq();
    store.revokeAll();
    const second = store.takeRefreshSeq();
    store.age(91);
    store.revokedRefreshSeqs.add(second + 5);
    store.mfaEnabled = false;
    store.deviceCodes.set('d', {
      deviceCode: 'd',
      userCode: 'U',
      clientId: 'c',
      tenantId: 't',
      scope: 's',
      createdAt: 1,
      expiresAt: 2,
      status: 'pending',
    });

    const restored = new TokenStore();
    restored.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.isRevoked(first)).toBe(true);
    expect(restored.isRevoked(second)).toBe(false);
    expect(restored.isRevoked(second + 5)).toBe(true);
    expect(restored.shiftOf(second)).toBe(91 * 86_400);
    expect(restored.takeRefreshSeq()).toBe(second + 1);
    expect(restored.mfaEnabled).toBe(false);
    expect(restored.accessGeneration).toBe(store.accessGeneration);
    expect(restored.deviceCodes.get('d')?.userCode).toBe('U');
  });

  it('reset clears revocations and ageing but keeps counting', () => {
    const store = new TokenStore();
    const seq = store.takeRefreshSeq();
    store.revokeAll();
    store.age(10);
    store.clear();
    expect(store.isRevoked(seq)).toBe(false);
    expect(store.shiftOf(seq)).toBe(0);
    expect(store.takeRefreshSeq()).toBe(seq + 1);
  });
});
