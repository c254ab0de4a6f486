import { FakeClock, InMemoryCustomerGdapRepository, InMemoryOrderEventStore, RecordingEventSink, scriptedPort } from '@nce/testing/fakes';
import { CheckGdapRoles } from './check-gdap-roles.use-case';
import type { GdapPartnerCenter } from './gdap.ports';

const DAY = 86_400_000;
const ROLE = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';

/** worker-gdap's collaborators in memory: one customer whose relationship waits for approval. */
function harness(options: { recheckForMs?: number } = {}) {
  const clock = new FakeClock('2026-01-01T00:00:00Z');
  const repository = new InMemoryCustomerGdapRepository();
  const events = new InMemoryOrderEventStore();
  let relationshipStatus = 'approvalPending';
  const check = new CheckGdapRoles({
    // A pending relationship exists: the check never creates one (an unscripted call fails).
    partnerCenter: scriptedPort<GdapPartnerCenter>({
      listDelegatedAdminRelationships: async () =>
        [{ id: 'rel-1', status: relationshipStatus, accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLE }] } }] as never,
    }),
    repository,
    customerOf: async () => ({ tenantId: 'tenant-1', domain: 'contoso.onmicrosoft.com', gdapRoles: [ROLE], gdapDuration: 'P730D' }),
    latestOrderId: async () => 'order-1',
    events,
    eventSink: new RecordingEventSink(),
    recheckBaseMs: 1_000,
    recheckMaxMs: DAY,
    recheckForMs: options.recheckForMs,
    clock: clock.now,
  });
  return {
    check,
    advance: (ms: number) => clock.advance(ms),
    state: () => repository.states.get('customer-1') ?? null,
    /** The types of the events appended to the customer's latest order. */
    eventTypes: () => events.of('order-1').map((event) => event.type),
    approve: () => (relationshipStatus = 'active'),
  };
}

describe('GDAP re-checks end', () => {
  it('re-checks a pending approval until the window ends, then stops with one visible state and no further job', async () => {
    const gdap = harness({ recheckForMs: 3 * DAY });
    expect(await gdap.check.execute('customer-1', 'c', 'order_completed')).toEqual({ rerunInMs: 1_000 });
    const since = gdap.state()?.pendingSince;
    gdap.advance(2 * DAY);
    expect(await gdap.check.execute('customer-1', 'c', 'order_completed')).toMatchObject({ rerunInMs: expect.any(Number) });
    expect(gdap.state()?.pendingSince).toEqual(since);
    expect(gdap.state()?.rechecksStoppedAt).toBeNull();
    gdap.advance(1 * DAY);
    expect(await gdap.check.execute('customer-1', 'c', 'order_completed')).toBeUndefined();
    expect(gdap.state()).toMatchObject({ status: 'approval_pending', rechecksStoppedAt: expect.any(Date) });
    // One approval_required event for the whole window: stopping is not a new event.
    expect(gdap.eventTypes()).toEqual(['gdap.approval_required']);
  });

  it('starts a new window on a re-check on demand, and ends the re-checks when the customer approved', async () => {
    const gdap = harness({ recheckForMs: 3 * DAY });
    await gdap.check.execute('customer-1', 'c', 'order_completed');
    gdap.advance(4 * DAY);
    expect(await gdap.check.execute('customer-1', 'c', 'order_completed')).toBeUndefined();
    gdap.advance(10 * DAY);
    expect(await gdap.check.execute('customer-1', 'c', 'requested')).toMatchObject({ rerunInMs: expect.any(Number) });
    expect(gdap.state()?.rechecksStoppedAt).toBeNull();
    expect(gdap.state()?.pendingSince?.getTime()).toBe(new Date('2026-01-15T00:00:00Z').getTime());
    gdap.approve();
    expect(await gdap.check.execute('customer-1', 'c', 'order_completed')).toBeUndefined();
    expect(gdap.state()).toMatchObject({ status: 'approved' });
    expect(gdap.eventTypes()).toEqual(['gdap.approval_required', 'gdap.roles_approved']);
  });
});
