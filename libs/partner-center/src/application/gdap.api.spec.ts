import { FakeTransport } from './fake-transport.testing';
import { GdapApi, gdapApprovalUrl } from './gdap.api';

describe('GdapApi', () => {
  it('lists a customer relationships with a tenant filter, following @odata.nextLink', async () => {
    const first = `/v1.0/tenantRelationships/delegatedAdminRelationships?${new URLSearchParams({ $filter: "customer/tenantId eq 'tenant-1'" })}`;
    const next = 'http://graph.local/v1.0/tenantRelationships/delegatedAdminRelationships?$skiptoken=2';
    const transport = new FakeTransport()
      .answer(`GET ${first}`, { body: { value: [{ id: 'r1' }], '@odata.nextLink': next } })
      .answer(`GET ${next}`, { body: { value: [{ id: 'r2' }] } });
    const relationships = await new GdapApi(transport).listDelegatedAdminRelationships('tenant-1');
    expect(relationships.map((relationship) => relationship.id)).toEqual(['r1', 'r2']);
    expect(transport.calls.every((call) => call.target === 'graph' && call.dependency === 'graph')).toBe(true);
  });

  it('locks a relationship for approval app-only (application permission, credential table)', async () => {
    const transport = new FakeTransport().answer('POST /v1.0/tenantRelationships/delegatedAdminRelationships/r1/requests', {
      status: 201,
      body: { id: 'q', action: 'lockForApproval', status: 'created' },
    });
    await expect(new GdapApi(transport).lockForApproval('r1')).resolves.toMatchObject({ action: 'lockForApproval' });
    expect(transport.calls[0]).toMatchObject({ auth: 'app', body: { action: 'lockForApproval' } });
  });

  it('builds the admin-centre approval URL', () => {
    expect(gdapApprovalUrl('a-b')).toBe('https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/a-b');
  });
});
