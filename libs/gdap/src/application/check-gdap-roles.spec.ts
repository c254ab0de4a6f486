import type { OrderEvent, OrderEventDraft } from '@nce/orders';
import type { SqlExecutor } from '@nce/persistence';
import { CheckGdapRoles, type GdapCheckDeps } from './check-gdap-roles.use-case';
import type { CustomerGdapRepository, CustomerGdapState } from './gdap.ports';

const DAY = 86_400_000;
const ROLE = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';

/** worker-gdap's collaborators in memory: one customer whose relationship waits for approval. */
function harness(options: { recheckForMs?: number } = {}) {
  let now = new Date('2026-01-01T00:00:00Z');
  let saved: CustomerGdapState | null = null;
  const appended: OrderEventDraft[] = [];
  let relationshipStatus = 'approvalPending';
  const repository: CustomerGdapRepository = {
    find: async () => saved,
    withLock: async (_customerId, work) => work({} as SqlExecutor, saved),
    save: async (_tx, state) => {
      saved = { ...state };
    },
  };
  const deps: GdapCheckDeps = {
    partnerCenter: {
      listDelegatedAdminRelationships: async () => [{ id: 'rel-1', status: relationshipStatus, accessDetails: { unifiedRoles: [{ roleDefinitionId: ROLE }] } }],
      createDelegatedAdminRelationship: async () => {
        throw new Error('not expected: a pending relationship exists');
      },
      lockForApproval: async () => undefined,
    } as unknown as GdapCheckDeps['partnerCenter'],
    repository,
    customerOf: async () => ({ tenantId: 'tenant-1', domain: 'contoso.onmicrosoft.com', gdapRoles: [ROLE], gdapDuration: 'P730D' }),
    latestOrderId: async () => 'order-1',
    events: {
      append: async (_tx: SqlExecutor, _orderId: string, drafts: readonly OrderEventDraft[]) => {
        appended.push(...drafts);
        return [] as OrderEvent[];
      },
    } as unknown as GdapCheckDeps['events'],
    eventSink: { committed: () => undefined } as unknown as GdapCheckDeps['eventSink'],
    recheckBaseMs: 1_000,
    recheckMaxMs: DAY,
    recheckForMs: options.recheckForMs,
    clock: () => now,
  };
  return {
    check: new CheckGdapRoles(deps),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    state: () => saved,
    appended,
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
    expect(gdap.appended.map((event) => event.type)).toEqual(['gdap.approval_required']);
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
    expect(gdap.appended.map((event) => event.type)).toEqual(['gdap.approval_required', 'gdap.roles_approved']);
  });
});
