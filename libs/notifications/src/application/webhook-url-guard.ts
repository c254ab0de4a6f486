import { isIP } from 'node:net';
import { forbiddenAddressReason } from '../domain/address-policy';
import { WebhookUrlRefusedError } from '../domain/notifications.errors';
import { isAllowListed } from '../domain/url-allow-list';
import type { HostResolver, ResolvedAddress } from './notifications.ports';

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * SSRF guard for webhook URLs (DESIGN.md section 7): https only, and every address the host
 * resolves to must be public, unless the URL matches the allow-list. Applied at creation and again
 * before each attempt, which then connects to the address checked here (no second DNS answer).
 */
export class WebhookUrlGuard {
  /** `reservedPorts`: ports of our own services (simulator and its control API, MySQL, Redis, the API) that no allow-list entry opens. */
  constructor(
    private readonly resolver: HostResolver,
    private readonly allowList: readonly string[],
    private readonly reservedPorts: readonly number[] = [],
  ) {}

  parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookUrlRefusedError('Not a valid absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlRefusedError('Use an https:// URL');
    if (url.username !== '' || url.password !== '')
      throw new WebhookUrlRefusedError('Credentials in the URL are not allowed; authenticate with the webhook signature');
    if (url.hash !== '') throw new WebhookUrlRefusedError('A URL fragment is never sent; remove it');
    if (!this.allowed(url) && url.protocol !== 'https:') throw new WebhookUrlRefusedError('Use an https:// URL');
    return url;
  }

  /** Creation-time check: the URL is well-formed and its host resolves to public addresses only. */
  async check(raw: string): Promise<URL> {
    const url = this.parse(raw);
    await this.addresses(url);
    return url;
  }

  /** Delivery-time check: the address to connect to, re-resolved and re-checked now. */
  async resolveForDelivery(raw: string): Promise<{ url: URL; address: ResolvedAddress }> {
    const url = this.parse(raw);
    const addresses = await this.addresses(url);
    return { url, address: addresses[0] };
  }

  private allowed(url: URL): boolean {
    const port = Number(url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : url.port);
    return !this.reservedPorts.includes(port) && isAllowListed(url, this.allowList);
  }

  private async addresses(url: URL): Promise<ResolvedAddress[]> {
    const host = bareHost(url);
    const literal = isIP(host);
    let addresses: ResolvedAddress[];
    if (literal !== 0) {
      addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolver.resolve(host);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) throw new WebhookUrlRefusedError(`The host ${host} does not resolve`);
    }
    if (this.allowed(url)) return addresses;
    // Every address, not just the first: a host answering one public and one private address is refused.
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason)
        throw new WebhookUrlRefusedError(
          `The host ${host} resolves to a ${reason} address (${address}); webhooks only reach public addresses`,
        );
    }
    return addresses;
  }
}
