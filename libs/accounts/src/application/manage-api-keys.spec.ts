import type { Principal } from '@nce/contracts';
import { hashApiKey } from '../domain/api-key.model';
import { ApiKeyForbiddenError, ApiKeyNotFoundError, CustomerNotFoundError } from '../domain/accounts.errors';
import { InMemoryCustomerRepository, aCustomer } from '../../../testing/src/fakes/accounts.fakes';
import { InMemoryApiKeyRepository } from '../../../testing/src/fakes/api-keys.fakes';
import type { AuditTrail } from './accounts.ports';
import { AuthenticateApiKey } from './authenticate-api-key.use-case';
import { CreateCustomerApiKey, ManageApiKeys } from './manage-api-keys.use-cases';

const customers = new InMemoryCustomerRepository(aCustomer({ id: 'c1', partnerId: 'p1', name: 'Contoso' }));
const partner: Principal = { apiKeyId: 'partner-key', role: 'partner', partnerId: 'p1', customerId: null };
const otherPartner: Principal = { apiKeyId: 'other-key', role: 'partner', partnerId: 'p2', customerId: null };
const operator: Principal = { apiKeyId: 'operator-key', role: 'operator', partnerId: null, customerId: null };

function setup(start = 1_000_000): {
  keys: InMemoryApiKeyRepository;
  audit: AuditTrail & { actions: string[] };
  now: { ms: number };
  issue: CreateCustomerApiKey;
  manage: ManageApiKeys;
  authenticate: AuthenticateApiKey;
} {
  const keys = new InMemoryApiKeyRepository();
  const actions: string[] = [];
  const audit = { actions, record: async (entry: { action: string }) => void actions.push(entry.action) };
  const now = { ms: start };
  const clock = (): Date => new Date(now.ms);
  return {
    keys,
    audit,
    now,
    issue: new CreateCustomerApiKey(customers, keys, clock, audit),
    manage: new ManageApiKeys(keys, audit, clock),
    authenticate: new AuthenticateApiKey(keys, () => now.ms),
  };
}

describe('API key lifecycle', () => {
  it('refuses a key the moment it is revoked (no cache window)', async () => {
    const { issue, manage, authenticate } = setup();
    const issued = await issue.execute({ customerId: 'c1', issuer: partner });
    expect(await authenticate.execute(issued.apiKey)).toMatchObject({ role: 'customer', customerId: 'c1' });
    await manage.revoke(partner, issued.id);
    expect(await authenticate.execute(issued.apiKey)).toBeNull();
  });

  it('keeps authenticating valid keys however many invalid keys are tried', async () => {
    const { issue, authenticate, keys } = setup();
    const issued = await issue.execute({ customerId: 'c1', issuer: partner });
    for (let index = 0; index < 1_000; index += 1) expect(await authenticate.execute(`nce_cust_invalid-${index}-0000000000`)).toBeNull();
    expect(await authenticate.execute(issued.apiKey)).not.toBeNull();
    expect(keys.lookups).toBe(1_001);
  });

  it('refuses an operator minting a customer key, and records the issuing key', async () => {
    const { issue, keys, audit } = setup();
    await expect(issue.execute({ customerId: 'c1', issuer: operator })).rejects.toBeInstanceOf(ApiKeyForbiddenError);
    await expect(issue.execute({ customerId: 'c1', issuer: otherPartner })).rejects.toBeInstanceOf(CustomerNotFoundError);
    const issued = await issue.execute({ customerId: 'c1', issuer: partner });
    expect(keys.rows.get(issued.id)).toMatchObject({
      createdBy: 'partner-key',
      partnerId: 'p1',
      customerId: 'c1',
      hash: hashApiKey(issued.apiKey),
    });
    expect(audit.actions).toEqual(['api_key.issued']);
  });

  it('rotates: the new key works at once, the old one until the grace period ends', async () => {
    const { issue, manage, authenticate, now, audit } = setup();
    const old = await issue.execute({ customerId: 'c1', issuer: partner, label: 'panel' });
    const { issued, key } = await manage.rotate(partner, old.id, 60_000);
    expect(key).toMatchObject({ role: 'customer', customerId: 'c1', label: 'panel', createdBy: 'partner-key' });
    expect(await authenticate.execute(issued.apiKey)).not.toBeNull();
    now.ms += 59_000;
    expect(await authenticate.execute(old.apiKey)).not.toBeNull();
    now.ms += 1_000;
    expect(await authenticate.execute(old.apiKey)).toBeNull();
    expect(await authenticate.execute(issued.apiKey)).not.toBeNull();
    expect(audit.actions).toEqual(['api_key.issued', 'api_key.rotated']);
  });

  it("hides other partners' keys (not found), lets operators revoke but not rotate customer keys, and refuses customers", async () => {
    const { issue, manage } = setup();
    const issued = await issue.execute({ customerId: 'c1', issuer: partner });
    await expect(manage.revoke(otherPartner, issued.id)).rejects.toBeInstanceOf(ApiKeyNotFoundError);
    await expect(manage.rotate(operator, issued.id, 0)).rejects.toBeInstanceOf(ApiKeyForbiddenError);
    await expect(manage.list({ apiKeyId: 'k', role: 'customer', partnerId: 'p1', customerId: 'c1' }, { limit: 10 })).rejects.toBeInstanceOf(
      ApiKeyForbiddenError,
    );
    expect((await manage.list(otherPartner, { limit: 10 })).map((key) => key.id)).toEqual([]);
    expect((await manage.revoke(operator, issued.id)).revokedAt).not.toBeNull();
  });
});
