import { ApiClient, type TestStack, startTestStack } from '@nce/testing';
import { throttleTargetOf } from '../../apps/partner-center-sim/src/state/throttle.store';
import { existingAccountOrder, idempotencyKey, newAccountOrder } from './support/orders.fixture';
import { type OrderView, simTenant, waitForOrder } from './support/provisioning';

// A tight shared throttle (8 calls per 2 s per group, 7 after headroom) so that a backlog builds in seconds.
const ENV = {
  PC_BUDGET_PARTNER_RPM: '8',
  PC_BUDGET_CUSTOMER_RPM: '8',
  PC_BUDGET_WINDOW_MS: '2000',
  RECHECK_BASE_MS: '200',
  RECHECK_MAX_MS: '1000',
  PROVISIONING_POLL_MS: '50',
  TIME_SCALE: '20',
  JOB_LOCK_MS: '5000',
};

interface LedgerEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  correlationId: string;
  at: string;
}

async function sim(simUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${simUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ledger(
  simUrl: string,
): Promise<{ requests: LedgerEntry[]; checkouts: Array<{ correlationId: string }>; duplicateCheckouts: number; throttled: number }> {
  return (await sim(simUrl, 'GET', '/_sim/ledger')).json() as never;
}

describe('provisioning at Microsoft limits: shared throttle, priority, error codes, GDAP access', () => {
  let stack: TestStack;
  let partner: ApiClient;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'provthrottle',
      workers: ['worker-subscription', 'worker-subscription', 'worker-mca', 'worker-gdap'],
      env: ENV,
    });
    partner = new ApiClient(stack.apiUrl).as(stack.credentials.partners.direct.apiKey);
  });

  afterEach(async () => {
    await sim(stack.simUrl, 'DELETE', '/_sim/faults');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function order(body: (customerId: string) => Record<string, unknown>): Promise<string> {
    const customer = await partner.post('/v1/customers', { name: `Throttle customer ${idempotencyKey()}` });
    const accepted = await partner.post('/v1/orders', body(customer.body.id as string), { 'idempotency-key': idempotencyKey() });
    expect(accepted.status).toBe(202);
    return accepted.body.id as string;
  }

  async function existingOrder(
    patch: Record<string, unknown> = {},
    tenantState: Record<string, unknown> = {},
  ): Promise<{ orderId: string; tenantId: string }> {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', ...tenantState });
    const orderId = await order((customerId) =>
      existingAccountOrder(customerId, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true }, ...patch }),
    );
    return { orderId, tenantId: tenant.tenantId };
  }

  /** A new tenant starts without an MCA: the customer accepts it when asked, then the order completes. */
  async function completeNewAccountOrder(orderId: string): Promise<OrderView> {
    const asked = await waitForOrder(
      partner,
      orderId,
      (o) => o.requiredAction?.type === 'mca_acceptance' || o.status === 'completed' || o.status === 'failed',
      90_000,
    );
    if (asked.requiredAction?.type === 'mca_acceptance')
      await sim(stack.simUrl, 'POST', `/_sim/tenants/${asked.account.customerTenantId}/accept-mca`);
    return waitForOrder(partner, orderId, (o) => o.status === 'completed', 90_000);
  }

  it('pauses the whole partner scope in every worker process for the Retry-After of one 429', async () => {
    await sim(stack.simUrl, 'PUT', '/_sim/faults', [
      { method: 'GET', path: '^/v1/customers$', kind: '429', count: 1, retryAfterSeconds: 3 },
    ]);
    const ids = await Promise.all(Array.from({ length: 6 }, () => existingOrder().then((placed) => placed.orderId)));
    for (const id of ids) await waitForOrder(partner, id, (o) => o.status === 'completed', 60_000);
    const requests = (await ledger(stack.simUrl)).requests;
    const refused = requests.find((request) => request.status === 429 && ids.includes(request.correlationId));
    expect(refused).toBeDefined();
    const refusedAt = Date.parse(refused?.at ?? '');
    // Calls already on the wire may land just after the 429; after that, no call of the group for 3 s.
    const customersGroupAfter = requests
      .filter((request) => request.seq > (refused?.seq ?? 0) && throttleTargetOf(request.path)?.group === 'customers')
      .map((request) => Date.parse(request.at) - refusedAt);
    expect(customersGroupAfter.filter((offset) => offset > 300 && offset < 2_900)).toEqual([]);
    expect(customersGroupAfter.some((offset) => offset >= 2_900)).toBe(true);
  });

  it('completes an interactive order ahead of a bulk backlog', async () => {
    const bulk: string[] = [];
    for (let index = 0; index < 14; index += 1) bulk.push((await existingOrder({ priority: 'bulk' })).orderId);
    const { orderId: interactive } = await existingOrder({ priority: 'interactive' });
    const done = await waitForOrder(partner, interactive, (o) => o.status === 'completed', 90_000);
    const completedAt = Date.parse((done as unknown as { updatedAt: string }).updatedAt);
    const bulkDone = await Promise.all(bulk.map((id) => waitForOrder(partner, id, (o) => o.status === 'completed', 120_000)));
    const bulkTimes = bulkDone.map((o) => Date.parse((o as unknown as { updatedAt: string }).updatedAt));
    // Placed last, it finishes before most of the batch that was already waiting for the same budget.
    expect(bulkTimes.filter((at) => at > completedAt).length).toBeGreaterThanOrEqual(bulk.length / 2);
    expect((await partner.get<{ priority: string }>(`/v1/orders/${bulk[0]}`)).body.priority).toBe('bulk');
  });

  it('treats 409 800060 at checkout as an unknown outcome: reconciles, never checks out twice', async () => {
    await sim(stack.simUrl, 'PUT', '/_sim/faults', [{ method: 'POST', path: '/checkout$', kind: '800060', count: 1 }]);
    const { orderId } = await existingOrder();
    const done = await waitForOrder(partner, orderId, (o) => o.status === 'completed', 60_000);
    expect(done.subscriptions).toHaveLength(1);
    const seen = await ledger(stack.simUrl);
    expect(seen.checkouts.filter((checkout) => checkout.correlationId === orderId)).toHaveLength(1);
    expect(seen.requests.some((request) => request.correlationId === orderId && request.status === 409)).toBe(true);
    expect(seen.duplicateCheckouts).toBe(0);
  });

  it('fails with a customer-readable reason when the plan stopped being sold after the cart was built (404 400019)', async () => {
    // Checkout is held 1.5 s; the plan is retired meanwhile.
    await sim(stack.simUrl, 'PUT', '/_sim/faults', [{ method: 'POST', path: '/checkout$', kind: 'latency', latencyMs: 1_500, count: 1 }]);
    const standard = 'CFQ7TTC0LDPB:0001:CFQ7TTC0K5BS';
    const { orderId, tenantId } = await existingOrder({
      items: [{ catalogItemId: standard, quantity: 2, termDuration: 'P1Y', billingCycle: 'monthly' }],
    });
    for (let waited = 0; waited < 30_000; waited += 50) {
      const carts = (await (await sim(stack.simUrl, 'GET', `/_sim/customers/${tenantId}/carts`)).json()) as unknown[];
      if (carts.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await sim(stack.simUrl, 'POST', '/_sim/catalog/retire', { catalogItemId: standard });
    const failed = await waitForOrder(partner, orderId, (o) => o.status === 'failed', 60_000);
    expect(failed.failure).toMatchObject({ code: 'PLAN_NO_LONGER_AVAILABLE', message: expect.stringContaining(standard) });
    expect(
      (await ledger(stack.simUrl)).requests.some(
        (request) => request.correlationId === orderId && request.status === 404 && request.path.endsWith('/checkout'),
      ),
    ).toBe(true);
  });

  it('reads the cart line errors on 400 800009 and fails with what they say', async () => {
    // The plan is already retired (previous test): the cart line carries CatalogItemIdIsNotValid.
    const standard = 'CFQ7TTC0LDPB:0001:CFQ7TTC0K5BS';
    await sim(stack.simUrl, 'POST', '/_sim/catalog/retire', { catalogItemId: standard });
    const { orderId } = await existingOrder({
      items: [{ catalogItemId: standard, quantity: 2, termDuration: 'P1Y', billingCycle: 'monthly' }],
    });
    const failed = await waitForOrder(partner, orderId, (o) => o.status === 'failed', 60_000);
    expect(failed.failure?.code).toBe('PLAN_NO_LONGER_AVAILABLE');
    expect(
      (await ledger(stack.simUrl)).requests.some(
        (request) => request.correlationId === orderId && request.status === 400 && request.path.endsWith('/checkout'),
      ),
    ).toBe(true);
  });

  it('asks to choose another domain after 27002 (the tenant was partly built)', async () => {
    const prefix = `dom${idempotencyKey()
      .replace(/[^a-z0-9]/g, '')
      .slice(-12)}`;
    const contact = { firstName: 'Ada', lastName: 'Lovelace', email: `owner@${prefix}.onmicrosoft.com`, phoneNumber: '+1 425 555 0100' };
    const orderId = await order((customerId) =>
      newAccountOrder(customerId, {
        account: {
          type: 'new',
          domainPrefix: prefix,
          companyName: 'Contoso Ltd',
          contact,
          address: { addressLine1: '1 Microsoft Way', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' },
        },
      }),
    );
    const failed = await waitForOrder(partner, orderId, (o) => o.status === 'failed', 60_000);
    expect(failed.failure).toMatchObject({ code: 'CHOOSE_ANOTHER_DOMAIN', howToFix: expect.stringContaining('another domain') });
  });

  it('delays on 403 800074 (account not ready) and completes once the account is allowed', async () => {
    const { orderId, tenantId } = await existingOrder({}, { accountStatus: 'Not Ready' });
    const delayed = await waitForOrder(partner, orderId, (o) => o.delay?.reason === 'account_under_review', 60_000);
    expect(delayed.status).toBe('in_progress');
    await sim(stack.simUrl, 'PUT', `/_sim/tenants/${tenantId}/account-status`, { status: 'Allowed' });
    await waitForOrder(partner, orderId, (o) => o.status === 'completed', 60_000);
  });

  it('gives the partner security groups access once a relationship is active, with P180D auto-extension on new ones', async () => {
    const group = '0d6c1f1e-7a55-4f0e-9a3b-2b1c9d8e7f60';
    const exchangeAdministrator = '29232cdf-9323-42fd-ade2-1d097af3e4de';
    const settings = await partner.get<{ gdapRoles: string[] }>('/v1/partner/settings');
    const put = await partner.put('/v1/partner/settings', {
      gdapSecurityGroups: [group],
      gdapRoles: [...settings.body.gdapRoles, exchangeAdministrator],
    });
    expect(put.status).toBe(200);
    try {
      const tenant = await simTenant(stack.simUrl, { mca: 'valid', gdap: 'active' });
      const orderId = await order((customerId) =>
        existingAccountOrder(customerId, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      );
      await waitForOrder(partner, orderId, (o) => o.status === 'completed', 60_000);
      const relationshipsOf = async (): Promise<
        Array<{
          id: string;
          status: string;
          autoExtendDuration: string;
          accessDetails: { unifiedRoles: Array<{ roleDefinitionId: string }> };
        }>
      > =>
        ((await (await sim(stack.simUrl, 'GET', `/_sim/tenants/${tenant.tenantId}`)).json()) as { gdapRelationships: never[] })
          .gdapRelationships;
      // The new relationship (asking for the missing role) auto-extends; the customer approves it.
      let requested: { id: string; autoExtendDuration: string } | undefined;
      for (let waited = 0; waited < 60_000 && !requested; waited += 200) {
        requested = (await relationshipsOf()).find((relationship) =>
          relationship.accessDetails.unifiedRoles.some((role) => role.roleDefinitionId === exchangeAdministrator),
        );
        if (!requested) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(requested?.autoExtendDuration).toBe('P180D');
      await sim(stack.simUrl, 'POST', `/_sim/gdap/${requested?.id}/approve`);
      await partner.get(
        `/v1/customers/${(await partner.get<{ customerId: string }>(`/v1/orders/${orderId}`)).body.customerId}/partner-roles`,
      );
      const token = (await (
        await fetch(`${stack.simUrl}/partner/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&client_id=e2e&client_secret=e2e&resource=https://graph.microsoft.com',
        })
      ).json()) as { access_token: string };
      let assigned: Array<{
        accessContainer: { accessContainerId: string };
        accessDetails: { unifiedRoles: Array<{ roleDefinitionId: string }> };
      }> = [];
      // Under the tight budget, every customer of the partner is re-checked after the roles change above.
      for (let waited = 0; waited < 120_000 && assigned.length === 0; waited += 200) {
        const response = await fetch(
          `${stack.simUrl}/v1.0/tenantRelationships/delegatedAdminRelationships/${requested?.id}/accessAssignments`,
          { headers: { authorization: `Bearer ${token.access_token}` } },
        );
        assigned = ((await response.json()) as { value: typeof assigned }).value ?? [];
        if (assigned.length === 0) {
          await partner.get(
            `/v1/customers/${(await partner.get<{ customerId: string }>(`/v1/orders/${orderId}`)).body.customerId}/partner-roles`,
          );
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      expect(assigned).toHaveLength(1);
      expect(assigned[0].accessContainer.accessContainerId).toBe(group);
      expect(assigned[0].accessDetails.unifiedRoles.map((role) => role.roleDefinitionId)).toContain(exchangeAdministrator);
    } finally {
      await partner.put('/v1/partner/settings', { gdapSecurityGroups: [], gdapRoles: settings.body.gdapRoles });
    }
  }, 240_000);
  it('waits out the 404s of a customer Microsoft has created but not yet made readable', async () => {
    // Realistic profile at 0.2: a new customer answers 404 for 1.6 s after its creation.
    await sim(stack.simUrl, 'PUT', '/_sim/settings', { profile: 'realistic', latencyScale: 0.2 });
    try {
      const orderId = await order((customerId) => newAccountOrder(customerId));
      const done = await completeNewAccountOrder(orderId);
      expect(done.account.customerTenantId).toBeDefined();
      const requests = (await ledger(stack.simUrl)).requests.filter((request) => request.correlationId === orderId);
      expect(requests.some((request) => request.status === 404 && request.path.endsWith('/validationStatus'))).toBe(true);
      expect((await partner.get(`/v1/orders/${orderId}/admin-credentials`)).status).toBe(200);
    } finally {
      await sim(stack.simUrl, 'PUT', '/_sim/settings', { profile: 'instant' });
    }
  });

  it('keeps the tenant of a creation replayed without userCredentials (no admin password to show)', async () => {
    await sim(stack.simUrl, 'PUT', '/_sim/settings', { profile: 'realistic', latencyScale: 0.05 });
    // The first create times out after Microsoft committed it; the retry's replay has no password.
    await sim(stack.simUrl, 'PUT', '/_sim/faults', [
      { method: 'POST', path: '^/v1/customers$', kind: 'timeout', count: 1, latencyMs: 3_000 },
    ]);
    try {
      const orderId = await order((customerId) => newAccountOrder(customerId));
      const done = await completeNewAccountOrder(orderId);
      expect(done.account.customerTenantId).toBeDefined();
      const creates = (await ledger(stack.simUrl)).requests.filter(
        (request) => request.correlationId === orderId && request.method === 'POST' && request.path === '/v1/customers',
      );
      expect(creates.length).toBe(2);
      expect(new Set(creates.map((request) => (request as unknown as { requestId: string }).requestId)).size).toBe(1);
      expect((await partner.get(`/v1/orders/${orderId}/admin-credentials`)).status).toBe(404);
    } finally {
      await sim(stack.simUrl, 'PUT', '/_sim/settings', { profile: 'instant' });
    }
  });
});
