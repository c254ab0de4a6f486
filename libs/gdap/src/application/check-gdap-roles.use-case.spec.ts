import {
  FakeClock,
  InMemoryCustomerGdapRepository,
  InMemoryOrderEventStore,
  RecordingEventSink,
  partnerCenterError,
  scriptedPort,
} from '@nce/testing/fakes';
import { CheckGdapRoles } from './check-gdap-roles.use-case';
import type { GdapPartnerCenter } from './gdap.ports';

const READER = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const ROLES = [READER, USER_ADMIN];
const CUSTOMER = '1b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';
const ORDER = '0b8f8a52-4c1e-4a57-9d6b-0f0e1c2d3a4b';

type Relationship = { id: string; status: string; roles: string[]; endDateTime?: string };

function setup(relationships: Relationship[], options: { securityGroups?: string[]; latestOrder?: string | null; known?: boolean } = {}) {
  const listed = [...relationships];
  const partnerCenter = scriptedPort<GdapPartnerCenter>({
    listDelegatedAdminRelationships: async () =>
      listed.map(
        (relationship) =>
          ({
            id: relationship.id,
            status: relationship.status,
            endDateTime: relationship.endDateTime,
            accessDetails: { unifiedRoles: relationship.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
          }) as never,
      ),
    createDelegatedAdminRelationship: async () => {
      listed.push({ id: 'rel-new', status: 'created', roles: ROLES });
      return { id: 'rel-new' } as never;
    },
    lockForApproval: async () => undefined as never,
    deleteDelegatedAdminRelationship: async () => undefined as never,
    listAccessAssignments: async () => [{ status: 'active', accessContainer: { accessContainerId: 'GROUP-A' } }] as never,
    createAccessAssignment: async () => ({}) as never,
  });
  const repository = new InMemoryCustomerGdapRepository();
  const events = new InMemoryOrderEventStore();
  const sink = new RecordingEventSink();
  const clock = new FakeClock('2026-11-25T10:00:00.000Z');
  const check = new CheckGdapRoles({
    partnerCenter,
    repository,
    customerOf: async () =>
      options.known === false
        ? null
        : {
            tenantId: 't-1',
            domain: 'contoso.onmicrosoft.com',
            gdapRoles: ROLES,
            gdapDuration: 'P730D',
            securityGroups: options.securityGroups,
          },
    latestOrderId: async () => (options.latestOrder === undefined ? ORDER : options.latestOrder),
    events,
    eventSink: sink,
    recheckBaseMs: 60_000,
    recheckMaxMs: 86_400_000,
    clock: clock.now,
  });
  return { check, partnerCenter, repository, events, sink, clock };
}

describe('CheckGdapRoles', () => {
  it('requests one relationship with every required role, locks it for approval and publishes the approval link', async () => {
    const { check, partnerCenter, repository, events, sink } = setup([]);
    expect(await check.execute(CUSTOMER, 'corr', 'order_completed')).toEqual({ rerunInMs: 60_000 });
    expect(partnerCenter.callsTo('createDelegatedAdminRelationship')[0][0]).toMatchObject({
      duration: 'P730D',
      customer: { tenantId: 't-1' },
      accessDetails: { unifiedRoles: ROLES.map((roleDefinitionId) => ({ roleDefinitionId })) },
      autoExtendDuration: 'P180D',
    });
    expect(partnerCenter.callsTo('lockForApproval')).toEqual([['rel-new', { correlationId: 'corr' }]]);
    expect(await repository.find(CUSTOMER)).toMatchObject({
      status: 'approval_pending',
      relationshipId: 'rel-new',
      approvalUrl: expect.stringContaining('rel-new'),
      missingRoles: ROLES,
    });
    expect(events.of(ORDER).map((event) => event.type)).toEqual(['gdap.approval_required']);
    expect(sink.types()).toEqual(['gdap.approval_required']);
  });

  it('reuses a relationship left in created that grants every role, and deletes the others left there', async () => {
    const { check, partnerCenter } = setup([
      { id: 'rel-partial', status: 'created', roles: [READER] },
      { id: 'rel-full', status: 'created', roles: ROLES },
    ]);
    await check.execute(CUSTOMER, 'corr');
    expect(partnerCenter.callsTo('deleteDelegatedAdminRelationship')).toEqual([['rel-partial', { correlationId: 'corr' }]]);
    expect(partnerCenter.callsTo('createDelegatedAdminRelationship')).toEqual([]);
    expect(partnerCenter.callsTo('lockForApproval')[0][0]).toBe('rel-full');
  });

  it('waits for a relationship already pending approval without requesting another, backing off from the previous check', async () => {
    const { check, partnerCenter, clock, events } = setup([{ id: 'rel-1', status: 'approvalPending', roles: ROLES }]);
    expect(await check.execute(CUSTOMER, 'corr')).toEqual({ rerunInMs: 60_000 });
    clock.advance(300_000);
    expect(await check.execute(CUSTOMER, 'corr')).toEqual({ rerunInMs: 600_000 });
    expect(partnerCenter.callsTo('createDelegatedAdminRelationship')).toEqual([]);
    expect(events.of(ORDER)).toHaveLength(1);
  });

  it('is done when an active relationship grants every role, giving the configured security groups access once', async () => {
    const { check, partnerCenter, repository } = setup([{ id: 'rel-1', status: 'active', roles: ROLES }], {
      securityGroups: ['group-a', 'group-b'],
    });
    expect(await check.execute(CUSTOMER, 'corr')).toBeUndefined();
    expect(await repository.find(CUSTOMER)).toMatchObject({
      status: 'approved',
      approvalUrl: null,
      relationshipId: null,
      missingRoles: [],
    });
    expect(
      partnerCenter
        .callsTo('createAccessAssignment')
        .map((args) => (args[1] as { accessContainer: { accessContainerId: string } }).accessContainer.accessContainerId),
    ).toEqual(['group-b']);
  });

  it('tolerates a concurrent access assignment (409)', async () => {
    const { check, partnerCenter } = setup([{ id: 'rel-1', status: 'active', roles: ROLES }], { securityGroups: ['group-b'] });
    (partnerCenter as unknown as { createAccessAssignment: () => Promise<never> }).createAccessAssignment = async () =>
      Promise.reject(partnerCenterError('409', { httpStatus: 409 }));
    await expect(check.execute(CUSTOMER, 'corr')).resolves.toBeUndefined();
  });

  it('counts a relationship that expires soon without extension as missing roles', async () => {
    const { check, partnerCenter } = setup([{ id: 'rel-1', status: 'active', roles: ROLES, endDateTime: '2026-12-01T00:00:00Z' }]);
    await check.execute(CUSTOMER, 'corr');
    expect(partnerCenter.callsTo('createDelegatedAdminRelationship')).toHaveLength(1);
  });

  it('appends no event when the customer has no open order, and checks nothing for an unknown customer', async () => {
    const quiet = setup([], { latestOrder: null });
    await quiet.check.execute(CUSTOMER, 'corr');
    expect(quiet.sink.events).toEqual([]);
    const unknown = setup([], { known: false });
    expect(await unknown.check.execute(CUSTOMER, 'corr')).toBeUndefined();
    expect(unknown.partnerCenter.calls).toEqual([]);
  });
});
