import { isIP } from 'node:net';

/**
 * SSRF guard: which IP addresses a webhook may never reach (DESIGN.md section 7). Pure: callers
 * resolve host names themselves and check EVERY address, then connect to a checked one.
 */

type Bytes = number[];

interface Block {
  base: Bytes;
  prefix: number;
  reason: string;
}

function parseIpv4(text: string): Bytes | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.map(Number);
}

function parseIpv6(input: string): Bytes | null {
  let text = input.replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  let tail: Bytes = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const ipv4 = parseIpv4(text.slice(lastColon + 1));
    if (!ipv4) return null;
    tail = ipv4;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (all.length !== 8 || !all.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  const bytes = all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function block(cidr: string, reason: string): Block {
  const [address, prefix] = cidr.split('/');
  const base = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (!base) throw new Error(`bad CIDR ${cidr}`);
  return { base, prefix: Number(prefix), reason };
}

function inBlock(bytes: Bytes, candidate: Block): boolean {
  if (bytes.length !== candidate.base.length) return false;
  for (let bit = 0; bit < candidate.prefix; bit += 1) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[bit >> 3] & mask) !== (candidate.base[bit >> 3] & mask)) return false;
  }
  return true;
}

const IPV4_BLOCKS: readonly Block[] = [
  block('0.0.0.0/8', 'unspecified'),
  block('10.0.0.0/8', 'private'),
  block('100.64.0.0/10', 'carrier-grade NAT'),
  block('127.0.0.0/8', 'loopback'),
  block('169.254.0.0/16', 'link-local (cloud metadata)'),
  block('172.16.0.0/12', 'private'),
  block('192.0.0.0/24', 'IETF protocol assignment'),
  block('192.0.2.0/24', 'documentation'),
  block('192.88.99.0/24', '6to4 relay'),
  block('192.168.0.0/16', 'private'),
  block('198.18.0.0/15', 'benchmarking'),
  block('198.51.100.0/24', 'documentation'),
  block('203.0.113.0/24', 'documentation'),
  block('224.0.0.0/4', 'multicast'),
  block('240.0.0.0/4', 'reserved'),
];

// IPv6 ranges that embed an IPv4 address: the embedded address decides.
const EMBEDDING_IPV4: ReadonlyArray<{ block: Block; offset: number }> = [
  { block: block('::ffff:0:0/96', 'IPv4-mapped'), offset: 12 },
  { block: block('64:ff9b::/96', 'NAT64'), offset: 12 },
  { block: block('2002::/16', '6to4'), offset: 2 },
];

const IPV6_BLOCKS: readonly Block[] = [
  block('::/128', 'unspecified'),
  block('::1/128', 'loopback'),
  block('::/96', 'IPv4-compatible (deprecated)'),
  block('::ffff:0:0:0/96', 'IPv4-translated'),
  block('64:ff9b:1::/48', 'local NAT64'),
  block('100::/64', 'discard-only'),
  block('2001::/32', 'Teredo'),
  block('2001:db8::/32', 'documentation'),
  block('fc00::/7', 'unique-local (incl. cloud metadata fd00:ec2::254)'),
  block('fe80::/10', 'link-local'),
  block('fec0::/10', 'site-local'),
  block('ff00::/8', 'multicast'),
];

/** Why `address` may not receive webhooks, or null when it is a public unicast address. */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0];
  const version = isIP(bare);
  if (version === 4) {
    const bytes = parseIpv4(bare);
    return bytes ? (IPV4_BLOCKS.find((candidate) => inBlock(bytes, candidate))?.reason ?? null) : 'not an IP address';
  }
  if (version !== 6) return 'not an IP address';
  const bytes = parseIpv6(bare);
  if (!bytes) return 'not an IP address';
  for (const embedding of EMBEDDING_IPV4) {
    if (!inBlock(bytes, embedding.block)) continue;
    const embedded = bytes.slice(embedding.offset, embedding.offset + 4);
    const reason = IPV4_BLOCKS.find((candidate) => inBlock(embedded, candidate))?.reason;
    return reason ? `${reason} (${embedding.block.reason} ${embedded.join('.')})` : null;
  }
  return IPV6_BLOCKS.find((candidate) => inBlock(bytes, candidate))?.reason ?? null;
}
