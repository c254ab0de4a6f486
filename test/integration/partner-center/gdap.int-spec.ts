import { randomUUID } from 'node:crypto';
import { type PartnerCenterClient, gdapApprovalUrl } from '@nce/partner-center';
import { SimHarness, uniqueDomain } from './sim-harness';

const DIRECTORY_READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('PartnerCenterClient contract: Graph GDAP', () => {
  let sim: SimHarness;
  let client: PartnerCenterClient;

  beforeAll(async () => {
    sim = await SimHarness.start({ gdapActivationDelayMs: 0 });
    client = sim.client();
  });
  afterAll(() => sim.close());

  it('lists the relationships of a customer tenant', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('gd'), gdap: 'active', gdapRoles: [DIRECTORY_READERS] });
    const relationships = await client.listDelegatedAdminRelationships(tenant.tenantId);
    expect(relationships).toEqual([
      expect.objectContaining({
        status: 'active',
        customer: expect.objectContaining({ tenantId: tenant.tenantId }),
        accessDetails: { unifiedRoles: [{ roleDefinitionId: DIRECTORY_READERS }] },
      }),
    ]);
    await expect(client.listDelegatedAdminRelationships(randomUUID())).resolves.toEqual([]);
  });

  it('follows @odata.nextLink across pages', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('gdp') });
    // The page size is 300 ($top maximum): 301 relationships for one customer span two pages.
    for (let i = 0; i < 301; i += 1) {
      await client.createDelegatedAdminRelationship({
        displayName: `page-${tenant.tenantId.slice(0, 8)}-${i}`,
        duration: 'P730D',
        customer: { tenantId: tenant.tenantId },
        accessDetails: { unifiedRoles: [{ roleDefinitionId: DIRECTORY_READERS }] },
      });
    }
    sim.observations.length = 0;
    await expect(client.listDelegatedAdminRelationships(tenant.tenantId)).resolves.toHaveLength(301);
    expect(sim.observations.filter((observation) => observation.dependency === 'graph')).toHaveLength(2);
  });

  it('creates a relationship, locks it for approval, sees the approval, then assigns a security group', async () => {
    const tenant = await sim.createTenant({ domain: uniqueDomain('gdn') });
    const created = await client.createDelegatedAdminRelationship({
      displayName: `nce-${randomUUID().slice(0, 12)}`,
      duration: 'P730D',
      customer: { tenantId: tenant.tenantId, displayName: 'Contract Test Ltd' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: DIRECTORY_READERS }, { roleDefinitionId: USER_ADMINISTRATOR }] },
      autoExtendDuration: 'P180D',
    });
    expect(created).toMatchObject({ id: expect.any(String), status: 'created', duration: 'P730D' });

    const lock = await client.lockForApproval(created.id);
    expect(lock).toMatchObject({ action: 'lockForApproval', id: expect.any(String) });
    await expect(client.getDelegatedAdminRelationship(created.id)).resolves.toMatchObject({ status: 'approvalPending' });
    expect(gdapApprovalUrl(created.id)).toContain(created.id);

    await sim.control('POST', `/_sim/gdap/${created.id}/approve`, {});
    const approved = await client.getDelegatedAdminRelationship(created.id);
    expect(['approved', 'activating', 'active']).toContain(approved.status);

    const securityGroup = randomUUID();
    const assignment = await client.createAccessAssignment(created.id, {
      accessContainer: { accessContainerId: securityGroup, accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: USER_ADMINISTRATOR }] },
    });
    expect(assignment).toMatchObject({ id: expect.any(String), status: 'pending', accessContainer: { accessContainerId: securityGroup } });
    await expect(client.listAccessAssignments(created.id)).resolves.toEqual([expect.objectContaining({ id: assignment.id })]);
  });

  it('reports Graph errors with the Graph code as a permanent error', async () => {
    const error = await client.getDelegatedAdminRelationship(`${randomUUID()}-${randomUUID()}`).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 404, source: 'graph', retryClass: 'permanent', code: expect.any(String) });
    expect((error as { code: string }).code).not.toMatch(/^HTTP_/);
  });
});
