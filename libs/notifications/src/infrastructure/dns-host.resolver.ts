import { lookup } from 'node:dns/promises';
import type { HostResolver, ResolvedAddress } from '../application/notifications.ports';

/** Every address the system resolver returns (A and AAAA), so the guard can check all of them. */
export class DnsHostResolver implements HostResolver {
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const answers = await lookup(hostname, { all: true, verbatim: true });
    return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
  }
}
