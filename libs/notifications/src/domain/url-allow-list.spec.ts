import { isAllowListed, parseAllowPattern } from './url-allow-list';

const DEV = ['http://127.0.0.1:*', 'http://localhost:*'];

describe('webhook URL allow-list', () => {
  it('lets any port of the loopback patterns through over http', () => {
    expect(isAllowListed(new URL('http://127.0.0.1:4567/hooks'), DEV)).toBe(true);
    expect(isAllowListed(new URL('http://localhost:80/'), DEV)).toBe(true);
    expect(isAllowListed(new URL('http://LOCALHOST:9/x'), DEV)).toBe(true);
  });

  it('matches the scheme, the host and the port exactly', () => {
    expect(isAllowListed(new URL('https://127.0.0.1:4567/'), DEV)).toBe(false);
    expect(isAllowListed(new URL('http://127.0.0.2:4567/'), DEV)).toBe(false);
    expect(isAllowListed(new URL('http://10.0.0.1:4567/'), DEV)).toBe(false);
    expect(isAllowListed(new URL('https://hooks.test:8443/a'), ['https://hooks.test:8443'])).toBe(true);
    expect(isAllowListed(new URL('https://hooks.test/a'), ['https://hooks.test:8443'])).toBe(false);
    expect(isAllowListed(new URL('https://hooks.test/a'), ['https://hooks.test'])).toBe(true);
  });

  it('supports a leading wildcard label, never the bare domain or a suffix trick', () => {
    const patterns = ['https://*.example.test'];
    expect(isAllowListed(new URL('https://a.example.test/'), patterns)).toBe(true);
    expect(isAllowListed(new URL('https://example.test/'), patterns)).toBe(false);
    expect(isAllowListed(new URL('https://evilexample.test/'), patterns)).toBe(false);
  });

  it('ignores malformed patterns', () => {
    expect(parseAllowPattern('127.0.0.1:*')).toBeNull();
    expect(isAllowListed(new URL('http://127.0.0.1:1/'), ['*'])).toBe(false);
  });
});
