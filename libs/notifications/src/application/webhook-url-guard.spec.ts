import { WebhookUrlRefusedError } from '../domain/notifications.errors';
import type { HostResolver, ResolvedAddress } from './notifications.ports';
import { WebhookUrlGuard } from './webhook-url-guard';

// An injected resolver: no real DNS, and no request is ever sent in these tests.
function resolver(answers: Record<string, ResolvedAddress[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (hostname) => {
      asked.push(hostname);
      return answers[hostname] ?? [];
    },
  };
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

describe('webhook URL guard', () => {
  const dns = resolver({
    'hooks.partner.example': [v4('93.184.216.34'), v6('2606:4700:4700::1111')],
    'internal.partner.example': [v4('10.0.0.7')],
    'mixed.partner.example': [v4('93.184.216.34'), v4('192.168.1.1')],
    'metadata.partner.example': [v4('169.254.169.254')],
    'mapped.partner.example': [v6('::ffff:10.0.0.1')],
    'ula.partner.example': [v6('fd00::1')],
    localhost: [v4('127.0.0.1'), v6('::1')],
  });
  const guard = new WebhookUrlGuard(dns, ['http://127.0.0.1:*', 'http://localhost:*']);

  it('accepts an https URL whose host resolves to public addresses only', async () => {
    await expect(guard.check('https://hooks.partner.example/nce')).resolves.toBeInstanceOf(URL);
  });

  it.each([
    'https://10.0.0.1/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[::ffff:10.0.0.1]/',
  ])('refuses the private address literal %s', async (url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(WebhookUrlRefusedError);
  });

  it.each(['internal', 'metadata', 'mapped', 'ula'])('refuses a host name resolving to a forbidden address (%s)', async (name) => {
    await expect(guard.check(`https://${name}.partner.example/hook`)).rejects.toThrow(/resolves to a/);
  });

  it('refuses a host when ANY of its addresses is private', async () => {
    await expect(guard.check('https://mixed.partner.example/')).rejects.toThrow(/192\.168\.1\.1/);
  });

  it('refuses plain http, credentials, fragments and hosts that do not resolve', async () => {
    await expect(guard.check('http://hooks.partner.example/')).rejects.toThrow(/https/);
    await expect(guard.check('https://user:pw@hooks.partner.example/')).rejects.toThrow(/Credentials/);
    await expect(guard.check('https://hooks.partner.example/#x')).rejects.toThrow(/fragment/);
    await expect(guard.check('https://nowhere.partner.example/')).rejects.toThrow(/does not resolve/);
    await expect(guard.check('ftp://hooks.partner.example/')).rejects.toThrow(/https/);
  });

  it('lets allow-listed loopback URLs through, over http, and pins the checked address', async () => {
    await expect(guard.resolveForDelivery('http://127.0.0.1:4000/hook')).resolves.toMatchObject({ address: v4('127.0.0.1') });
    await expect(guard.resolveForDelivery('http://localhost:4000/hook')).resolves.toMatchObject({ address: v4('127.0.0.1') });
    await expect(guard.check('http://127.0.0.2:4000/hook')).rejects.toThrow();
    await expect(guard.check('https://localhost/hook')).rejects.toThrow(/loopback/);
  });

  it('re-resolves at delivery time, so a host that later points inside is refused then', async () => {
    const answers: Record<string, ResolvedAddress[]> = { 'rebind.partner.example': [v4('93.184.216.34')] };
    const rebinding = new WebhookUrlGuard(resolver(answers), []);
    await expect(rebinding.check('https://rebind.partner.example/')).resolves.toBeInstanceOf(URL);
    answers['rebind.partner.example'] = [v4('10.1.2.3')];
    await expect(rebinding.resolveForDelivery('https://rebind.partner.example/')).rejects.toBeInstanceOf(WebhookUrlRefusedError);
  });
});

describe('WebhookUrlGuard reserved ports', () => {
  const dns = { resolve: async (host: string) => (host === 'localhost' ? [{ address: '127.0.0.1', family: 4 as const }] : []) };

  it('never lets the allow-list open the simulator, MySQL or Redis, even with a port wildcard', async () => {
    const guard = new WebhookUrlGuard(dns, ['http://127.0.0.1:*', 'http://localhost:*'], [3100, 3306, 6379]);
    for (const url of ['http://127.0.0.1:3100/_sim/reset', 'http://localhost:3306/', 'http://127.0.0.1:6379/'])
      await expect(guard.check(url)).rejects.toBeInstanceOf(WebhookUrlRefusedError);
    await expect(guard.check('http://127.0.0.1:4000/hook')).resolves.toBeInstanceOf(URL);
  });

  it('matches an allow-list entry naming a port range, and nothing outside it', async () => {
    const guard = new WebhookUrlGuard(dns, ['http://127.0.0.1:4000-4099'], [3100]);
    await expect(guard.check('http://127.0.0.1:4099/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard.check('http://127.0.0.1:4100/hook')).rejects.toBeInstanceOf(WebhookUrlRefusedError);
    await expect(guard.check('http://127.0.0.1:80/hook')).rejects.toBeInstanceOf(WebhookUrlRefusedError);
  });
});
