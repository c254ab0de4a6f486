import { waitFor } from '@nce/testing/fakes';
import { ENTRA_ROLES } from '../state/gdap-roles';
import { SimTestKit } from '../testing/sim-test-kit';

type Body = Record<string, unknown>;
const BASE = '/v1.0/tenantRelationships/delegatedAdminRelationships';

function relationshipBody(displayName: string, tenantId: string, extra: Body = {}): Body {
  return {
    displayName,
    duration: 'P730D',
    customer: { tenantId, displayName: 'Contoso' },
    accessDetails: {
      unifiedRoles: [{ roleDefinitionId: ENTRA_ROLES.userAdministrator }, { roleDefinitionId: ENTRA_ROLES.licenseAdministrator }],
    },
    autoExtendDuration: 'P180D',
    ...extra,
  };
}

describe('Graph GDAP relationships', () => {
  let sim: SimTestKit;

  beforeAll(async () => {
    sim = await SimTestKit.start();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control('POST', '/_sim/reset');
  });

  async function create(displayName: string, tenantId: string, extra: Body = {}): Promise<Body> {
    const response = await sim.call('POST', BASE, { body: relationshipBody(displayName, tenantId, extra) });
    expect(response.status).toBe(201);
    return response.body;
  }

  it('walks created → approvalPending → active and activates access assignments', async () => {
    const tenantId = await sim.createTenant();
    const response = await sim.call('POST', BASE, { body: relationshipBody('nce-roles-1', tenantId) });
    expect(response.status).toBe(201);
    const id = String(response.body.id);
    expect(id).toMatch(/^[0-9a-f-]{36}-[0-9a-f-]{36}$/);
    expect(response.headers.get('location')).toBe(`${sim.url}${BASE}/${id}`);
    expect(response.body).toMatchObject({ status: 'created', '@odata.etag': expect.any(String), activatedDateTime: null });

    const lock = await sim.call('POST', `${BASE}/${id}/requests`, { body: { action: 'lockForApproval' } });
    expect(lock.status).toBe(201);
    expect(lock.body).toMatchObject({ action: 'lockForApproval', status: 'created' });
    expect((await sim.call('GET', `${BASE}/${id}`)).body.status).toBe('approvalPending');

    const assignment = await sim.call('POST', `${BASE}/${id}/accessAssignments`, {
      body: {
        accessContainer: { accessContainerId: 'a0a0a0a0-0000-4000-8000-000000000001', accessContainerType: 'securityGroup' },
        accessDetails: { unifiedRoles: [{ roleDefinitionId: ENTRA_ROLES.userAdministrator }] },
      },
    });
    expect(assignment.status).toBe(201);
    expect(assignment.body.status).toBe('pending');

    const approved = await sim.control('POST', `/_sim/gdap/${id}/approve`);
    expect(approved.body.status).toBe('active');
    const active = await sim.call('GET', `${BASE}/${id}`);
    expect(active.body).toMatchObject({ status: 'active', activatedDateTime: expect.any(String), endDateTime: expect.any(String) });
    const assignments = await sim.call<{ value: Body[] }>('GET', `${BASE}/${id}/accessAssignments`);
    expect(assignments.body.value[0].status).toBe('active');
  });

  it('progresses approved → activating → active over the activation delay', async () => {
    await sim.control('PUT', '/_sim/settings', { gdapActivationDelayMs: 200 });
    const tenantId = await sim.createTenant();
    const id = String((await create('nce-delay', tenantId)).id);
    await sim.call('POST', `${BASE}/${id}/requests`, { body: { action: 'lockForApproval' } });
    expect((await sim.control('POST', `/_sim/gdap/${id}/approve`)).body.status).toBe('approved');
    // Every status read until it is active, in order (repeats collapsed).
    const seen: string[] = ['approved'];
    await waitFor(
      async () => {
        const status = String((await sim.call('GET', `${BASE}/${id}`)).body.status);
        if (seen[seen.length - 1] !== status) seen.push(status);
        return status === 'active';
      },
      { intervalMs: 10, what: 'the relationship to turn active' },
    );
    expect(seen).toEqual(['approved', 'activating', 'active']);
  });

  it('validates displayName, duration and roles', async () => {
    const tenantId = await sim.createTenant();
    await create('taken-name', tenantId);
    const cases: Body[] = [
      relationshipBody('taken-name', tenantId),
      relationshipBody('x'.repeat(51), tenantId),
      relationshipBody('too-long', tenantId, { duration: 'P731D' }),
      relationshipBody('zero', tenantId, { duration: 'PT1H' }),
      relationshipBody('no-roles', tenantId, { accessDetails: { unifiedRoles: [] } }),
    ];
    for (const body of cases) {
      const response = await sim.call('POST', BASE, { body });
      expect({ name: body.displayName, status: response.status }).toEqual({ name: body.displayName, status: 400 });
      expect(response.body).toMatchObject({ error: { code: 'invalidRequest', innerError: { date: expect.any(String) } } });
    }
    expect((await sim.call('POST', BASE, { body: relationshipBody('two-years', tenantId, { duration: 'P2Y' }) })).status).toBe(201);
  });

  it('allows PATCH and DELETE only while created, with If-Match', async () => {
    const tenantId = await sim.createTenant();
    const created = await create('patchable', tenantId);
    const id = String(created.id);
    expect((await sim.call('PATCH', `${BASE}/${id}`, { body: { displayName: 'renamed' } })).status).toBe(400);
    const patched = await sim.call('PATCH', `${BASE}/${id}`, {
      body: { displayName: 'renamed' },
      headers: { 'If-Match': String(created['@odata.etag']) },
    });
    expect(patched.body.displayName).toBe('renamed');
    await sim.call('POST', `${BASE}/${id}/requests`, { body: { action: 'lockForApproval' } });
    expect((await sim.call('PATCH', `${BASE}/${id}`, { body: { displayName: 'again' }, headers: { 'If-Match': '*' } })).status).toBe(400);
    expect((await sim.call('DELETE', `${BASE}/${id}`)).status).toBe(400);
    const other = String((await create('deletable', tenantId)).id);
    expect((await sim.call('DELETE', `${BASE}/${other}`)).status).toBe(204);
    expect((await sim.call('GET', `${BASE}/${other}`)).status).toBe(404);
  });

  it('filters by customer and pages with $top and @odata.nextLink', async () => {
    const tenantId = await sim.createTenant();
    const otherTenant = await sim.createTenant();
    for (const name of ['p1', 'p2', 'p3']) await create(name, tenantId);
    await create('other', otherTenant);
    const filter = encodeURIComponent(`customer/tenantId eq '${tenantId}'`);
    const first = await sim.call<{ value: Body[]; '@odata.nextLink'?: string }>('GET', `${BASE}?$filter=${filter}&$top=2`);
    expect(first.body.value.map((relationship) => relationship.displayName)).toEqual(['p1', 'p2']);
    const next = first.body['@odata.nextLink'];
    expect(next).toEqual(expect.stringContaining(sim.url));
    const second = await sim.call<{ value: Body[]; '@odata.nextLink'?: string }>('GET', String(next).slice(sim.url.length));
    expect(second.body.value.map((relationship) => relationship.displayName)).toEqual(['p3']);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    expect((await sim.call('GET', `${BASE}?$top=301`)).status).toBe(400);
  });

  it('creates active or expired relationships for control tenants and expires on demand', async () => {
    const tenantId = await sim.createTenant({ gdap: 'active', gdapRoles: [ENTRA_ROLES.globalReader] });
    const expiredTenant = await sim.createTenant({ gdap: 'expired' });
    const list = async (id: string): Promise<Body[]> =>
      (await sim.call<{ value: Body[] }>('GET', `${BASE}?$filter=${encodeURIComponent(`customer/tenantId eq '${id}'`)}`)).body.value;
    const [active] = await list(tenantId);
    expect(active).toMatchObject({ status: 'active', accessDetails: { unifiedRoles: [{ roleDefinitionId: ENTRA_ROLES.globalReader }] } });
    expect((await list(expiredTenant))[0].status).toBe('expired');
    await sim.control('POST', `/_sim/gdap/${String(active.id)}/expire`);
    expect((await list(tenantId))[0].status).toBe('expired');
  });

  it('terminates an active relationship', async () => {
    const tenantId = await sim.createTenant({ gdap: 'active' });
    const [relationship] = (
      await sim.call<{ value: Body[] }>('GET', `${BASE}?$filter=${encodeURIComponent(`customer/tenantId eq '${tenantId}'`)}`)
    ).body.value;
    expect((await sim.call('POST', `${BASE}/${String(relationship.id)}/requests`, { body: { action: 'terminate' } })).status).toBe(201);
    expect((await sim.call('GET', `${BASE}/${String(relationship.id)}`)).body.status).toBe('terminated');
  });
});
