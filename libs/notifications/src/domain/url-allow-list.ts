/**
 * WEBHOOK_ALLOW_LIST patterns (tests, local development): `http://127.0.0.1:4000-4099`, `http://localhost:8080`,
 * `https://hooks.example.test:8443`, `https://*.example.test`, `http://127.0.0.1:*` (tests on ephemeral ports). A URL matching one may be plain http
 * and may resolve to a private or loopback address; nothing else may.
 */
interface AllowPattern {
  protocol: string;
  host: string;
  port: string | '*' | { from: number; to: number };
}

const PATTERN = /^(https?):\/\/(\[[0-9a-f:.]+\]|[^/:[\]]+)(?::(\*|\d{1,5}(?:-\d{1,5})?))?\/?\*?$/i;

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

export function parseAllowPattern(pattern: string): AllowPattern | null {
  const match = PATTERN.exec(pattern.trim());
  if (!match) return null;
  const protocol = `${match[1].toLowerCase()}:`;
  const range = match[3] ? /^(\d+)-(\d+)$/.exec(match[3]) : null;
  if (range)
    return Number(range[1]) <= Number(range[2])
      ? { protocol, host: match[2].toLowerCase(), port: { from: Number(range[1]), to: Number(range[2]) } }
      : null;
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
    return pattern !== null && pattern.protocol === url.protocol && hostMatches(pattern.host, host) && portMatches(pattern.port, port);
  });
}

function portMatches(pattern: AllowPattern['port'], port: string): boolean {
  if (pattern === '*') return true;
  if (typeof pattern === 'string') return pattern === port;
  return Number(port) >= pattern.from && Number(port) <= pattern.to;
}
