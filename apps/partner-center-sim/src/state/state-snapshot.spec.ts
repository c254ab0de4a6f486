import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_CATALOG_ITEMS } from './catalog.seed';
import { SimTestKit } from '../testing/sim-test-kit';
import { SimState } from './sim-state';
import { StateFile, decodeSnapshot, encodeSnapshot } from './state-snapshot';

describe('simulator state across restarts', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'sim-state-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps tenant ids, orders and idempotent replies when the simulator restarts on the same file', async () => {
    const stateFile = join(directory, 'state.bin');
    const first = await SimTestKit.start({ stateFile });
    const tenantId = await first.createTenant({ domain: 'restart.onmicrosoft.com', mca: 'valid' });
    const cart = await first.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: {
        lineItems: [
          { catalogItemId: SEED_CATALOG_ITEMS.businessBasic, quantity: 1, billingCycle: 'monthly', termDuration: 'P1M', friendlyName: 'r' },
        ],
      },
    });
    const headers = { 'MS-RequestId': 'c0c0c0c0-0000-4000-8000-000000000001' };
    const checkout = await first.call('POST', `/v1/customers/${tenantId}/carts/${String(cart.body.id)}/checkout`, { headers });
    expect(checkout.status).toBe(201);
    await first.close();

    const second = await SimTestKit.start({ stateFile });
    try {
      const tenants = second.context.state.tenants;
      expect(tenants.byDomain('restart.onmicrosoft.com')?.id).toBe(tenantId);
      // The domain index and the id map still point at one object after the restore.
      expect(tenants.byDomain('restart.onmicrosoft.com')).toBe(tenants.byId(tenantId));
      const orders = await second.call<{ items: unknown[] }>('GET', `/v1/customers/${tenantId}/orders`);
      expect(orders.body.items).toHaveLength(1);
      // A retried checkout after the restart replays the first answer instead of ordering twice.
      const replay = await second.call('POST', `/v1/customers/${tenantId}/carts/${String(cart.body.id)}/checkout`, { headers });
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(checkout.body);
      expect(second.context.state.commerce.orders.size).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('starts empty without a file and refuses a file that is not a simulator state file', () => {
    const state = new SimState(100);
    expect(new StateFile(join(directory, 'missing.bin'), () => state.persistent).load()).toEqual([]);
    const bad = join(directory, 'bad.bin');
    writeFileSync(bad, 'not v8');
    expect(() => new StateFile(bad, () => state.persistent).load()).toThrow();
  });

  it('restores the stores it knows, leaves a store added since empty, and forgets checkouts in flight', () => {
    const before = new SimState(100);
    before.tenants.create({ domain: 'a', relationshipToPartner: 'reseller', now: new Date(0).toISOString() });
    before.commerce.checkoutsInFlight.set('cart-1', 'request-1');
    const bytes = encodeSnapshot(before.persistent, new Date());

    class AddedStore {
      readonly items = new Map<string, string>();
    }
    const after = new SimState(100);
    const added = new AddedStore();
    const restored = decodeSnapshot({ ...after.persistent, added }, bytes);
    expect(restored).not.toContain('added');
    expect(added.items.size).toBe(0);
    expect(after.tenants.byDomain('a.onmicrosoft.com')?.domain).toBe('a.onmicrosoft.com');
    expect(after.commerce.checkoutsInFlight.size).toBe(0);
  });
  it('keeps aged subscriptions, their refund windows and replayable PATCH answers across a restart', async () => {
    const stateFile = join(directory, 'state.bin');
    const first = await SimTestKit.start({ stateFile });
    const tenantId = await first.createTenant({ mca: 'valid' });
    const cart = await first.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: { lineItems: [{ catalogItemId: SEED_CATALOG_ITEMS.businessBasic, quantity: 5, billingCycle: 'monthly', termDuration: 'P1M' }] },
    });
    await first.call('POST', `/v1/customers/${tenantId}/carts/${String(cart.body.id)}/checkout`);
    const subscriptionId = String(
      (await first.call<{ items: Array<Record<string, unknown>> }>('GET', `/v1/customers/${tenantId}/subscriptions`)).body.items[0].id,
    );
    await first.control('POST', `/_sim/subscriptions/${subscriptionId}/age`, { hours: 200 });
    const path = `/v1/customers/${tenantId}/subscriptions/${subscriptionId}`;
    const headers = { 'MS-RequestId': 'c0c0c0c0-0000-4000-8000-000000000002' };
    const increased = await first.call('PATCH', path, { body: { quantity: 8 }, headers });
    const rawBefore = (await first.control('GET', `/_sim/subscriptions/${subscriptionId}`)).body;
    await first.close();

    const second = await SimTestKit.start({ stateFile });
    try {
      expect((await second.control('GET', `/_sim/subscriptions/${subscriptionId}`)).body).toEqual(rawBefore);
      expect(rawBefore).toMatchObject({ quantity: 8, refundable: 3 });
      const replay = await second.call('PATCH', path, { body: { quantity: 9 }, headers });
      expect(replay.body).toEqual(increased.body);
    } finally {
      await second.close();
    }
  });
});
