import { ApiClient, waitFor } from '@nce/testing';
import { BUSINESS_BASIC, idempotencyKey } from './support/orders.fixture';
import { type OrderView, waitForOrder } from './support/provisioning';
import { DemoStack, alive } from './support/demo-stack';

const PARTNER_TENANT_ID = '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11';

function contosoOrder(customerId: string): Record<string, unknown> {
  return {
    customerId,
    items: [{ catalogItemId: BUSINESS_BASIC, quantity: 5, termDuration: 'P1Y', billingCycle: 'monthly' }],
    account: { type: 'existing', domain: 'contoso.onmicrosoft.com', relationshipConfirmed: true },
    termsAccepted: true,
  };
}

/** Orders Partner Center (the simulator) holds for a tenant, through its public API. */
async function simOrders(simUrl: string, tenantId: string): Promise<number> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'lifecycle-test',
    client_secret: 'secret',
    resource: 'https://api.partnercenter.microsoft.com',
  });
  const token = (await (
    await fetch(`${simUrl}/${PARTNER_TENANT_ID}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
  ).json()) as { access_token: string };
  const orders = (await (
    await fetch(`${simUrl}/v1/customers/${tenantId}/orders`, { headers: { authorization: `Bearer ${token.access_token}` } })
  ).json()) as { items: unknown[] };
  return orders.items.length;
}

describe('npm start as operators run it: Ctrl-C, restart, crashes, orphans', () => {
  const stack = new DemoStack();

  beforeAll(async () => {
    await stack.init();
  });
  afterAll(async () => {
    await stack.cleanup();
  });

  it('stops in order on Ctrl-C during a checkout; started again, the order completes once and the demo still orders', async () => {
    const first = await stack.start();
    const contoso = first.customers[0];
    const customer = new ApiClient(first.apiUrl).as(contoso.apiKey);
    // A slow checkout, so that Ctrl-C lands while the worker's checkout call is in flight.
    await fetch(`${first.simulatorUrl}/_sim/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ checkoutProcessingMs: 3_000 }),
    });
    const accepted = await customer.post('/v1/orders', contosoOrder(contoso.id), { 'idempotency-key': idempotencyKey() });
    expect(accepted.status).toBe(202);
    const orderId = accepted.body.id as string;
    const tenantId = await waitFor(
      async () => {
        const order = (await customer.get<OrderView>(`/v1/orders/${orderId}`)).body;
        return order.step === 'subscription' && order.account.customerTenantId ? order.account.customerTenantId : undefined;
      },
      { timeoutMs: 30_000, what: 'the order to reach its checkout' },
    );
    await new Promise((done) => setTimeout(done, 1_000));
    const pids = stack.pids();
    stack.ctrlC();
    expect(await stack.exited).toBe(0);
    expect(stack.output).toContain('Stopped.');
    // The simulator stopped last: the worker's checkout was answered, not cut off.
    expect(stack.output).not.toMatch(/died \(/);
    for (const [name, pid] of Object.entries(pids)) expect({ name, alive: alive(pid) }).toEqual({ name, alive: false });

    const second = await stack.start();
    expect(second.customers.map((entry) => entry.id)).toEqual(first.customers.map((entry) => entry.id));
    const order = await waitForOrder(
      customer,
      orderId,
      (candidate) => candidate.status === 'completed' || candidate.status === 'failed',
      60_000,
    );
    expect(order.status).toBe('completed');
    expect(order.account.customerTenantId).toBe(tenantId);
    expect(await simOrders(second.simulatorUrl, tenantId)).toBe(1);

    // The README's Contoso order again: the simulator kept the tenant the database is linked to.
    const again = await customer.post('/v1/orders', contosoOrder(contoso.id), { 'idempotency-key': idempotencyKey() });
    expect(again.status).toBe(202);
    const completed = await waitForOrder(
      customer,
      again.body.id as string,
      (candidate) => candidate.status === 'completed' || candidate.status === 'failed',
      60_000,
    );
    expect(completed.failure).toBeUndefined();
    expect(completed.status).toBe('completed');

    // What a new user opens first: an index at /, the OpenAPI page with or without its trailing slash.
    const index = await fetch(`${second.apiUrl}/`);
    expect(index.status).toBe(200);
    expect(((await index.json()) as { links: Record<string, string> }).links).toMatchObject({
      docs: '/docs/',
      openapi: '/docs/openapi.json',
    });
    for (const page of ['/docs', '/docs/']) {
      const html = await (await fetch(`${second.apiUrl}${page}`)).text();
      const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) =>
        new URL(match[1], `${second.apiUrl}${page}`).toString(),
      );
      expect(assets.length).toBeGreaterThan(2);
      for (const asset of assets) expect({ page, asset, status: (await fetch(asset)).status }).toEqual({ page, asset, status: 200 });
    }
  });

  it('restarts a crashed worker with its last lines and exit reason, and leaves no orphan when the supervisor is killed', async () => {
    if (stack.child?.exitCode !== null) await stack.start();
    const before = stack.pids();
    process.kill(before['worker-gdap'], 'SIGKILL');
    await waitFor(() => stack.output.includes('worker-gdap restarted'), {
      timeoutMs: 30_000,
      what: `worker-gdap to be restarted; output:\n${stack.output}`,
    });
    expect(stack.output).toMatch(/worker-gdap died \(signal SIGKILL\)\. Its last lines \(full log: .*worker-gdap\.log\)/);
    expect(stack.child?.exitCode).toBeNull();
    const after = stack.pids();
    expect(after['worker-gdap']).not.toBe(before['worker-gdap']);
    expect(alive(after['worker-gdap'])).toBe(true);

    // However the supervisor goes (here SIGKILL, no handler runs), its children follow.
    process.kill(stack.child?.pid as number, 'SIGKILL');
    await stack.exited;
    // Each child then runs its own orderly shutdown (workers finish in-flight jobs: up to 30 s, longer on a
    // loaded machine), so the wait is generous; what matters is that none is left running.
    await waitFor(() => Object.values(after).every((pid) => !alive(pid)), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: `every child to exit: ${JSON.stringify(after)}`,
    });
  }, 240_000);
});
