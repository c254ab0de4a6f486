import { SEED_CATALOG_ITEMS } from '../state/catalog.seed';
import { SimTestKit } from '../testing/sim-test-kit';

type Body = Record<string, unknown>;
const HOUR = 3_600_000;

describe('subscription changes (NCE 168-hour windows on simulated time)', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
    await sim.token('user');
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  async function purchase(line: Body = {}): Promise<{ tenantId: string; id: string; path: string }> {
    const tenantId = await sim.createTenant();
    const cart = await sim.call('POST', `/v1/customers/${tenantId}/carts`, {
      body: {
        lineItems: [
          { catalogItemId: SEED_CATALOG_ITEMS.businessPremium, quantity: 10, billingCycle: 'annual', termDuration: 'P1Y', ...line },
        ],
      },
    });
    await sim.call('POST', `/v1/customers/${tenantId}/carts/${String(cart.body.id)}/checkout`);
    const id = String((await sim.call<{ items: Body[] }>('GET', `/v1/customers/${tenantId}/subscriptions`)).body.items[0].id);
    return { tenantId, id, path: `/v1/customers/${tenantId}/subscriptions/${id}` };
  }

  const age = (id: string, hours: number) => sim.control(`POST`, `/_sim/subscriptions/${id}/age`, { hours });
  const patch = (path: string, body: Body, headers: Record<string, string> = {}) => sim.call('PATCH', path, { body, headers });
  const ledger = async () => (await sim.control('GET', '/_sim/ledger?requests=false')).body;

  it('reports the purchase window in refundableQuantity and cancellationAllowedUntilDate', async () => {
    const { path } = await purchase();
    const subscription = (await sim.call('GET', path)).body;
    const deadline = Date.parse(String(subscription.cancellationAllowedUntilDate));
    expect(deadline - Date.parse(String(subscription.creationDate))).toBe(168 * HOUR);
    expect(subscription).toMatchObject({
      autoRenewEnabled: true,
      refundableQuantity: { totalQuantity: 10, details: [{ quantity: 10, allowedUntilDateTime: new Date(deadline).toISOString() }] },
    });
  });

  it('reduces licences inside the window, down to what is refundable', async () => {
    const { path } = await purchase();
    const reduced = await patch(path, { quantity: 4 });
    expect(reduced.status).toBe(200);
    expect(reduced.body).toMatchObject({ quantity: 4, refundableQuantity: { totalQuantity: 4 } });
  });

  it('reduces one minute before the window closes and refuses once 168 hours have passed', async () => {
    const inside = await purchase();
    await age(inside.id, 168 - 1 / 60);
    expect((await patch(inside.path, { quantity: 9 })).body).toMatchObject({ quantity: 9 });

    const outside = await purchase();
    await age(outside.id, 168);
    const subscription = (await sim.call('GET', outside.path)).body;
    expect(subscription.refundableQuantity).toEqual({ totalQuantity: 0, details: [] });
    const refused = await patch(outside.path, { quantity: 9 });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 168001, errorName: 'RefundableQuantityExceeded' });
    const cancel = await patch(outside.path, { status: 'deleted' });
    expect(cancel.body).toMatchObject({ code: 168002, errorName: 'CancellationWindowExpired' });
    expect((await sim.call('GET', outside.path)).body).toMatchObject({ quantity: 10, status: 'active' });
  });

  it('opens a window of its own for every increase, even after the purchase window closed', async () => {
    const { id, path } = await purchase();
    await age(id, 200);
    expect((await patch(path, { quantity: 15 })).body).toMatchObject({
      quantity: 15,
      refundableQuantity: { totalQuantity: 5, details: [{ quantity: 5 }] },
    });
    expect((await patch(path, { quantity: 12 })).body).toMatchObject({ quantity: 12, refundableQuantity: { totalQuantity: 2 } });
    const refused = await patch(path, { quantity: 9 });
    expect(refused.body).toMatchObject({ code: 168001 });
    await age(id, 168);
    expect((await patch(path, { quantity: 11 })).body).toMatchObject({ code: 168001 });
  });

  it('refuses quantities outside the plan limits with 2002', async () => {
    const { path } = await purchase();
    expect((await patch(path, { quantity: 301 })).body).toMatchObject({ code: 2002 });
    expect((await patch(path, { quantity: 0 })).body).toMatchObject({ code: 2002 });
  });

  it('cancels inside the window; a cancelled subscription refuses any further change', async () => {
    const { id, path } = await purchase();
    await age(id, 100);
    expect((await patch(path, { status: 'deleted' })).body).toMatchObject({ status: 'deleted' });
    const refused = await patch(path, { autoRenewEnabled: false });
    expect(refused.body).toMatchObject({ code: 168003, errorName: 'SubscriptionNotActive' });
  });

  it('refuses changes while the subscription is still being provisioned', async () => {
    await sim.control('PUT', '/_sim/settings', { provisioningDelayMs: 600_000 });
    const { path } = await purchase();
    expect((await patch(path, { quantity: 11 })).body).toMatchObject({ code: 168003 });
  });

  it('switches auto-renew off after the window and then expires at the term end', async () => {
    const { id, path } = await purchase({ billingCycle: 'monthly', termDuration: 'P1M' });
    await age(id, 300);
    expect((await patch(path, { autoRenewEnabled: false })).body).toMatchObject({ autoRenewEnabled: false });
    const aged = await age(id, 32 * 24);
    expect(aged.body).toMatchObject({ status: 'expired', renewals: 0, refundable: 0 });
    expect((await sim.call('GET', path)).body.status).toBe('expired');
    expect((await patch(path, { quantity: 12 })).body).toMatchObject({ code: 168003 });
  });

  it('renews at the term end with auto-renew on: same id, new term, a new 168-hour window', async () => {
    const { id, path } = await purchase({ billingCycle: 'monthly', termDuration: 'P1M' });
    const before = (await sim.call('GET', path)).body;
    const aged = await age(id, 32 * 24);
    expect(aged.body).toMatchObject({ status: 'active', renewals: 1, refundable: 10, cancellable: true });
    const renewed = (await sim.call('GET', path)).body;
    expect(renewed.id).toBe(id);
    expect(Date.parse(String(renewed.commitmentEndDate))).toBeGreaterThan(Date.parse(String(before.commitmentEndDate)) - 32 * 24 * HOUR);
    expect(Date.parse(String(renewed.cancellationAllowedUntilDate))).toBeGreaterThan(Date.now());
    expect((await patch(path, { quantity: 3 })).body).toMatchObject({ quantity: 3 });
  });

  it('replays the first answer for a resent MS-RequestId and never applies it twice', async () => {
    const { path } = await purchase();
    const headers = { 'MS-RequestId': 'a1a1a1a1-0000-4000-8000-000000000001', 'MS-CorrelationId': 'c1c1c1c1-0000-4000-8000-000000000001' };
    const first = await patch(path, { quantity: 12 }, headers);
    const etag = String((first.body.attributes as Body).etag);
    const again = await patch(path, { quantity: 14 }, { ...headers, 'If-Match': 'W/"before-the-first-commit"' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(String(((await sim.call('GET', path)).body.attributes as Body).etag)).toBe(etag);
    expect(await ledger()).toMatchObject({
      subscriptionChanges: [expect.objectContaining({ changed: { quantity: 12 } })],
      duplicateSubscriptionChanges: 0,
    });
  });

  it('keeps a refusal for its MS-RequestId too, and answers a stale If-Match with 412 without keeping it', async () => {
    const { id, path } = await purchase();
    await age(id, 170);
    const headers = { 'MS-RequestId': 'a2a2a2a2-0000-4000-8000-000000000002' };
    expect((await patch(path, { status: 'deleted' }, headers)).body).toMatchObject({ code: 168002 });
    expect((await patch(path, { autoRenewEnabled: false }, headers)).body).toMatchObject({ code: 168002 });
    const stale = await patch(
      path,
      { autoRenewEnabled: false },
      { 'MS-RequestId': 'a3a3a3a3-0000-4000-8000-000000000003', 'If-Match': 'W/"stale"' },
    );
    expect(stale.status).toBe(412);
    const current = String(((await sim.call('GET', path)).body.attributes as Body).etag);
    expect(
      (await patch(path, { autoRenewEnabled: false }, { 'MS-RequestId': 'a3a3a3a3-0000-4000-8000-000000000003', 'If-Match': current }))
        .body,
    ).toMatchObject({ autoRenewEnabled: false });
  });

  it('commits a PATCH whose reply timed out; the resend replays it and a resend under a new id counts as a duplicate', async () => {
    const { path } = await purchase();
    await sim.control('PUT', '/_sim/faults', [{ method: 'PATCH', path: '/subscriptions/', kind: 'timeout', count: 1, latencyMs: 20 }]);
    const headers = { 'MS-RequestId': 'a4a4a4a4-0000-4000-8000-000000000004', 'MS-CorrelationId': 'c4c4c4c4-0000-4000-8000-000000000004' };
    await expect(patch(path, { quantity: 13 }, headers)).rejects.toThrow();
    expect((await sim.call('GET', path)).body.quantity).toBe(13);
    expect((await patch(path, { quantity: 13 }, headers)).body).toMatchObject({ quantity: 13 });
    expect((await ledger()).duplicateSubscriptionChanges).toBe(0);
    // An engine that forgot the id and sent the same change again: the ledger sees it.
    await patch(path, { quantity: 14 }, { ...headers, 'MS-RequestId': 'a5a5a5a5-0000-4000-8000-000000000005' });
    expect(await ledger()).toMatchObject({ duplicateSubscriptionChanges: 1 });
  });

  it('exposes the raw lifecycle and validates the ageing input', async () => {
    const { id } = await purchase();
    const raw = await sim.control('GET', `/_sim/subscriptions/${id}`);
    expect(raw.body).toMatchObject({
      id,
      status: 'active',
      quantity: 10,
      refundable: 10,
      renewals: 0,
      seatWindows: [{ quantity: 10, open: true }],
    });
    expect((await age(id, -1)).status).toBe(400);
    expect((await sim.control('GET', '/_sim/subscriptions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
