import { credentialRowForPath } from '@nce/partner-center';
import { ApiClient, type TestStack, connectPartnerCenterThroughSimulator, startTestStack } from '@nce/testing';
import { SIGNATORY, existingAccountOrder, idempotencyKey, newAccountOrder } from './support/orders.fixture';
import { type OrderView, simPost, simTenant, waitForOrder } from './support/provisioning';

const WORKERS = ['worker-subscription', 'worker-mca', 'worker-gdap'];
const FAST = { RECHECK_BASE_MS: '200', RECHECK_MAX_MS: '1000', PROVISIONING_POLL_MS: '50', PC_AUTH_RECHECK_MS: '500' };
const WAITING = (order: OrderView): boolean => order.status === 'in_progress' && order.delay?.reason === 'partner_center_authentication';

interface LedgerRequest {
  method: string;
  path: string;
  status: number;
  correlationId: string;
  auth?: 'app' | 'app+user';
}

describe('Partner Center authentication as Microsoft runs it (credential types, token life, consent)', () => {
  let stack: TestStack;
  let api: ApiClient;
  let partner: ApiClient;
  let indirect: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'pcauth', workers: WORKERS, env: FAST });
    api = new ApiClient(stack.apiUrl);
    partner = api.as(stack.credentials.partners.direct.apiKey);
    indirect = api.as(stack.credentials.partners.indirect.apiKey);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function ledgerOf(orderIds: string[]): Promise<LedgerRequest[]> {
    const ledger = (await (await fetch(`${stack.simUrl}/_sim/ledger`)).json()) as { requests: LedgerRequest[] };
    return ledger.requests.filter((request) => orderIds.includes(request.correlationId));
  }

  async function existingOrder(client: ApiClient): Promise<string> {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await client.post('/v1/customers', { name: `Auth ${tenant.domain.slice(0, 12)}` });
    const body = existingAccountOrder(customer.body.id as string, {
      account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true },
      mca: { signatory: SIGNATORY },
    });
    const accepted = await client.post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect({ status: accepted.status, body: accepted.body }).toMatchObject({ status: 202 });
    return accepted.body.id as string;
  }

  async function readiness(): Promise<{
    status: string;
    details: { partnerCenterAuthentication: { status: string; breaker: string; reasons: string[] } };
  }> {
    return (await (await fetch(`${stack.apiUrl}/health/ready`)).json()) as never;
  }

  it('completes an order on each demo path, every App+User-only route called with App+User', async () => {
    const direct = await existingOrder(partner);
    const viaIndirect = await existingOrder(indirect);
    const created = await partner.post('/v1/customers', { name: 'Auth New Co' });
    const fresh = await partner.post('/v1/orders', newAccountOrder(created.body.id as string), { 'idempotency-key': idempotencyKey() });
    const acceptance = await waitForOrder(partner, fresh.body.id as string, (o) => o.requiredAction?.type === 'mca_acceptance');
    await simPost(stack.simUrl, `/_sim/tenants/${acceptance.account.customerTenantId}/accept-mca`);
    const ids = [direct, viaIndirect, acceptance.id];
    await waitForOrder(partner, direct, (o) => o.status === 'completed');
    await waitForOrder(indirect, viaIndirect, (o) => o.status === 'completed');
    await waitForOrder(partner, acceptance.id, (o) => o.status === 'completed');

    const requests = await ledgerOf(ids);
    // The ledger keeps no bodies: rows told apart by the body (legacy vs enhanced agreement) are left out.
    const rowOf = (request: LedgerRequest) => credentialRowForPath(request.method, request.path);
    const appUserOnly = requests.filter((request) => rowOf(request)?.accepts === 'app+user' && rowOf(request)?.variant === undefined);
    expect(appUserOnly.length).toBeGreaterThan(0);
    expect(appUserOnly.filter((request) => request.auth !== 'app+user')).toEqual([]);
    expect(requests.filter((request) => request.status === 401 || request.status === 403)).toEqual([]);
    expect(new Set(appUserOnly.map((request) => credentialRowForPath(request.method, request.path)?.operation))).toContain(
      'Direct-sign MCA status',
    );
    expect((await readiness()).details.partnerCenterAuthentication).toMatchObject({ status: 'ok', breaker: 'closed' });
  });

  it('after a revoke, new orders wait visibly (not fail); connect-partner-center lets them complete by themselves', async () => {
    await simPost(stack.simUrl, '/_sim/tokens/revoke', {});
    const id = await existingOrder(partner);
    const waiting = await waitForOrder(partner, id, WAITING);
    expect(waiting.failure).toBeUndefined();
    const health = await readiness();
    expect(health.status).toBe('degraded');
    expect(health.details.partnerCenterAuthentication).toMatchObject({ status: 'degraded', breaker: 'open' });
    // Still waiting a while later: no attempt is used up, nothing fails.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(WAITING((await partner.get<OrderView>(`/v1/orders/${id}`)).body)).toBe(true);

    await connectPartnerCenterThroughSimulator(stack.env, stack.simUrl);
    await waitForOrder(partner, id, (o) => o.status === 'completed');
    expect((await readiness()).details.partnerCenterAuthentication).toMatchObject({ status: 'ok', breaker: 'closed' });
  });

  it('a consent without MFA makes App+User calls wait (401 900421) until the admin reconnects with MFA', async () => {
    await simPost(stack.simUrl, '/_sim/tokens/revoke', {});
    await connectPartnerCenterThroughSimulator(stack.env, stack.simUrl, false);
    const id = await existingOrder(partner);
    await waitForOrder(partner, id, WAITING);
    // Access tokens revoked above answer 401 too; the MFA refusals are the App+User ones after the new consent.
    const refused = (await ledgerOf([id])).filter((request) => request.status === 401 && request.auth === 'app+user');
    expect(refused.length).toBeGreaterThan(0);
    expect((await readiness()).details.partnerCenterAuthentication.reasons.join(' ')).toContain('900421');

    await connectPartnerCenterThroughSimulator(stack.env, stack.simUrl, true);
    await waitForOrder(partner, id, (o) => o.status === 'completed');
  });

  it('a refresh token aged 91 days gives invalid_grant: orders wait, a reconnect lets them complete', async () => {
    await simPost(stack.simUrl, '/_sim/tokens/age', { days: 91 });
    const id = await existingOrder(partner);
    await waitForOrder(partner, id, WAITING);
    const health = await readiness();
    const state = await stack.db.dataSource.query(
      'SELECT version, failure_code, failure_version, failure_description FROM partner_center_credentials',
    );
    expect({ reasons: health.details.partnerCenterAuthentication.reasons.join(' '), state }).toMatchObject({
      reasons: expect.stringContaining('invalid_grant'),
    });

    await connectPartnerCenterThroughSimulator(stack.env, stack.simUrl);
    await waitForOrder(partner, id, (o) => o.status === 'completed');
  });
});
