/**
 * WEBHOOK_ALLOW_LIST patterns (tests, local development): `http://127.0.0.1:*`, `http://localhost:*`,
 * `https://hooks.example.test:8443`, `https://*.example.test`. A URL matching one may be plain http
 * and may resolve to a private or loopback address; nothing else may.
 */
interface AllowPattern {
  protocol: string;
  host: string;
  port: string | '*';
}

const PATTERN = /^(https?):\/\/(\[[0-9a-f:.]+\]|[^/:[\]]+)(?::(\*|\d{1,5}))?\/?\*?$/i;

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

export function parseAllowPattern(pattern: string): AllowPattern | null {
  const match = PATTERN.exec(pattern.trim());
  if (!match) return null;
  const protocol = `${match[1].toLowerCase()}:`;
  return { protocol, host: match[2].toLowerCase(), port: match[3] ?? defaultPort(protocol) };
}

function hostMatches(patternHost: string, host: string): boolean {
  if (patternHost.startsWith('*.')) return host.endsWith(patternHost.slice(1)) && host.length > patternHost.length - 1;
  return patternHost === host;
}

export function isAllowListed(url: URL, patterns: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port === '' ? defaultPort(url.protocol) : url.port;
  return patterns.some((raw) => {
    const pattern = parseAllowPattern(raw);
    return pattern !== null && pattern.protocol === url.protocol && hostMatches(pattern.host, host) && (pattern.port === '*' || pattern.port === port);
  });
}
