import { operatorKeyFrom } from './operator-credentials';

const basic = (value: string): string => `Basic ${Buffer.from(value).toString('base64')}`;

describe('operatorKeyFrom', () => {
  it('reads a Bearer key', () => {
    expect(operatorKeyFrom('Bearer op_123')).toBe('op_123');
  });

  it('reads the password of HTTP Basic with any user name', () => {
    expect(operatorKeyFrom(basic('anyone:op_456'))).toBe('op_456');
    expect(operatorKeyFrom(basic(':op_789'))).toBe('op_789');
  });

  it('keeps colons inside the password', () => {
    expect(operatorKeyFrom(basic('user:a:b'))).toBe('a:b');
  });

  it('refuses missing, empty or malformed credentials', () => {
    expect(operatorKeyFrom(undefined)).toBeNull();
    expect(operatorKeyFrom(basic('user:'))).toBeNull();
    expect(operatorKeyFrom(basic('no-colon'))).toBeNull();
    expect(operatorKeyFrom('Token abc')).toBeNull();
  });
});
