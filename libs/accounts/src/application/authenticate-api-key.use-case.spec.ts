import { InMemoryApiKeyRepository } from '../../../testing/src/fakes/api-keys.fakes';
import { waitFor } from '../../../testing/src/wait';
import { generateApiKey } from '../domain/api-key.model';
import { AuthenticateApiKey } from './authenticate-api-key.use-case';

const START = Date.parse('2026-12-03T10:00:00Z');

async function issue(
  keys: InMemoryApiKeyRepository,
  id: string,
  patch: { expiresAt?: Date; scopes?: string[]; role?: 'partner' | 'customer' | 'operator' } = {},
): Promise<string> {
  const role = patch.role ?? 'partner';
  const { apiKey, hash, prefix } = generateApiKey(role);
  await keys.insert({
    id,
    hash,
    prefix,
    role,
    partnerId: role === 'operator' ? null : 'partner-1',
    customerId: role === 'customer' ? 'customer-1' : null,
    label: null,
    scopes: patch.scopes,
    createdAt: new Date(START),
    createdBy: 'ops-cli',
    expiresAt: patch.expiresAt,
  });
  return apiKey;
}

function setup(): { keys: InMemoryApiKeyRepository; now: { ms: number }; failures: unknown[]; authenticate: AuthenticateApiKey } {
  const keys = new InMemoryApiKeyRepository();
  const now = { ms: START };
  const failures: unknown[] = [];
  return {
    keys,
    now,
    failures,
    authenticate: new AuthenticateApiKey(
      keys,
      () => now.ms,
      (error) => failures.push(error),
    ),
  };
}

describe('AuthenticateApiKey', () => {
  it("resolves an active key to its principal, with the key's scopes", async () => {
    const { keys, authenticate } = setup();
    const apiKey = await issue(keys, 'key-1', { role: 'operator', scopes: ['dashboard:write'] });

    expect(await authenticate.execute(apiKey)).toEqual({
      apiKeyId: 'key-1',
      role: 'operator',
      partnerId: null,
      customerId: null,
      scopes: ['dashboard:write'],
    });
  });

  it('refuses a key of implausible length without reading the store', async () => {
    const { keys, authenticate } = setup();

    expect(await authenticate.execute('short')).toBeNull();
    expect(await authenticate.execute(`nce_part_${'x'.repeat(200)}`)).toBeNull();
    expect(keys.lookups).toBe(0);
  });

  it('refuses an unknown key, a revoked key, and a key from the moment it expires', async () => {
    const { keys, now, authenticate } = setup();
    const revoked = await issue(keys, 'revoked');
    const expiring = await issue(keys, 'expiring', { expiresAt: new Date(START + 60_000) });
    await keys.revoke('revoked', new Date(START));

    expect(await authenticate.execute('nce_part_this-key-was-never-issued')).toBeNull();
    expect(await authenticate.execute(revoked)).toBeNull();
    now.ms = START + 59_999;
    expect(await authenticate.execute(expiring)).not.toBeNull();
    now.ms = START + 60_000;
    expect(await authenticate.execute(expiring)).toBeNull();
  });

  it('records when a key was last used at most once a minute', async () => {
    const { keys, now, authenticate } = setup();
    const apiKey = await issue(keys, 'key-1');

    await authenticate.execute(apiKey);
    now.ms += 59_999;
    await authenticate.execute(apiKey);
    now.ms += 1;
    await authenticate.execute(apiKey);

    expect(keys.touches.map((touch) => touch.at.getTime() - START)).toEqual([0, 60_000]);
    expect(keys.rows.get('key-1')?.lastUsedAt).toEqual(new Date(START + 60_000));
  });

  it('still authenticates when the last-use write fails, and reports the failure', async () => {
    const { keys, failures, authenticate } = setup();
    const apiKey = await issue(keys, 'key-1');
    keys.failTouch = new Error('MySQL unavailable');

    expect(await authenticate.execute(apiKey)).toMatchObject({ apiKeyId: 'key-1' });
    await waitFor(() => failures.length > 0, { timeoutMs: 1_000, intervalMs: 1, what: 'the reported failure' });

    expect(failures).toEqual([keys.failTouch]);
  });

  it('remembers the last use of at most 10,000 keys, forgetting the oldest first', async () => {
    const { keys, authenticate } = setup();
    const apiKeys: string[] = [];
    for (let index = 0; index <= 10_000; index += 1) apiKeys.push(await issue(keys, `key-${index}`));
    const byHash = new Map([...keys.rows.values()].map((row) => [row.hash, row]));
    keys.findByHash = async (hash) => byHash.get(hash) ?? null;

    for (const apiKey of apiKeys) await authenticate.execute(apiKey);
    keys.touches.length = 0;
    await authenticate.execute(apiKeys[10_000]);
    await authenticate.execute(apiKeys[0]);

    expect(keys.touches.map((touch) => touch.id)).toEqual(['key-0']);
  });
});
