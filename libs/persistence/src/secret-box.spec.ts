import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('ab'.repeat(32));

  it('round-trips a secret and never stores the plaintext', () => {
    const sealed = box.seal('P@ssw0rd!');
    expect(sealed).not.toContain('P@ssw0rd');
    expect(box.open(sealed)).toBe('P@ssw0rd!');
  });

  it('uses a fresh nonce each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered ciphertext or another key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox('cd'.repeat(32)).open(sealed)).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox('abcd')).toThrow();
  });
});
