import type { Principal } from '@nce/contracts';
import { FakeLookupPartnerCenter, type FakeTenant } from '../../../testing/src/fakes/account-lookup.fakes';
import { InMemoryCustomerRepository, aCustomer, aPartner } from '../../../testing/src/fakes/accounts.fakes';
import { LookupAccount } from './lookup-account.use-case';

const PARTNER_TENANT_ID = '7d3c4b1e-5a0f-4f39-9d8e-2f1b6c0a9e11';
const CONTOSO: FakeTenant = {
  id: 'tenant-contoso',
  domain: 'contoso.onmicrosoft.com',
  relationship: 'reseller',
  agreements: [{ dateAgreed: '2024-05-01T00:00:00Z' }],
};

const partner = (partnerId: string): Principal => ({ apiKeyId: `${partnerId}-key`, role: 'partner', partnerId, customerId: null });
const customer = (customerId: string, partnerId = 'partner-1'): Principal => ({
  apiKeyId: `${customerId}-key`,
  role: 'customer',
  partnerId,
  customerId,
});

function setup(tenants: FakeTenant[], linked: Array<{ id: string; partnerId: string; tenantId: string }> = [], taken: string[] = []) {
  const partnerCenter = new FakeLookupPartnerCenter(tenants, taken);
  const customers = new InMemoryCustomerRepository(
    ...linked.map((row) => aCustomer({ id: row.id, partnerId: row.partnerId, tenant: { id: row.tenantId, domain: 'linked' } })),
  );
  return { partnerCenter, lookup: new LookupAccount(partnerCenter, PARTNER_TENANT_ID, (tenantId) => customers.listByTenant(tenantId)) };
}

describe('LookupAccount', () => {
  it('answers a free domain as a new account, without asking for agreements', async () => {
    const { lookup, partnerCenter } = setup([]);

    expect(await lookup.execute('new-company.onmicrosoft.com')).toEqual({ exists: false, relationshipEstablished: false, mca: 'missing' });
    expect(partnerCenter.calls.some((call) => call.startsWith('listAgreements'))).toBe(false);
  });

  it('answers a taken domain without a relationship as existing, its MCA unknown (asked for)', async () => {
    const { lookup, partnerCenter } = setup([{ ...CONTOSO, relationship: 'none' }]);

    expect(await lookup.execute(CONTOSO.domain)).toEqual({ exists: true, relationshipEstablished: false, mca: 'missing' });
    expect(await setup([], [], ['taken.onmicrosoft.com']).lookup.execute('taken.onmicrosoft.com')).toEqual({
      exists: true,
      relationshipEstablished: false,
      mca: 'missing',
    });
    expect(partnerCenter.calls).not.toContain(`listAgreements ${CONTOSO.id}`);
  });

  it('reports the MCA of a related tenant: valid, stale (accepted before the 2023 refresh), signed directly, missing', async () => {
    const cases: Array<[Partial<FakeTenant>, string]> = [
      [{ agreements: [{ dateAgreed: '2024-05-01T00:00:00Z' }] }, 'valid'],
      [{ agreements: [{ dateAgreed: '2022-01-10T00:00:00Z' }] }, 'stale'],
      [{ agreements: [], directlySigned: true }, 'valid'],
      [{ agreements: [], directlySigned: false }, 'missing'],
    ];
    for (const [tenant, mca] of cases) {
      const { lookup } = setup([{ ...CONTOSO, ...tenant }]);
      expect(await lookup.execute(CONTOSO.domain)).toEqual({
        exists: true,
        relationshipEstablished: true,
        mca,
        customerTenantId: CONTOSO.id,
      });
    }
  });

  it('gives the tenant id to the partner whose customer is linked to it, and to that customer', async () => {
    const { lookup } = setup([CONTOSO], [{ id: 'customer-1', partnerId: 'partner-1', tenantId: CONTOSO.id }]);

    expect(await lookup.execute(CONTOSO.domain, partner('partner-1'))).toMatchObject({
      relationshipEstablished: true,
      mca: 'valid',
      customerTenantId: CONTOSO.id,
    });
    expect(await lookup.execute(CONTOSO.domain, customer('customer-1'))).toMatchObject({
      relationshipEstablished: true,
      customerTenantId: CONTOSO.id,
    });
  });

  it("tells another partner's callers only that the account exists, without reading its agreements", async () => {
    const { lookup, partnerCenter } = setup([CONTOSO], [{ id: 'customer-1', partnerId: 'partner-1', tenantId: CONTOSO.id }]);

    expect(await lookup.execute(CONTOSO.domain, partner('partner-2'))).toEqual({
      exists: true,
      relationshipEstablished: false,
      mca: 'missing',
    });
    expect(await lookup.execute(CONTOSO.domain, customer('customer-9', 'partner-1'))).toEqual({
      exists: true,
      relationshipEstablished: false,
      mca: 'missing',
    });
    expect(partnerCenter.calls).not.toContain(`listAgreements ${CONTOSO.id}`);
  });

  it('shows the MCA of a related tenant no customer is linked to, but its tenant id to no caller', async () => {
    const { lookup } = setup([CONTOSO]);

    expect(await lookup.execute(CONTOSO.domain, customer('customer-1'))).toEqual({
      exists: true,
      relationshipEstablished: true,
      mca: 'valid',
    });
    expect(await lookup.execute(CONTOSO.domain, partner('partner-1'))).toEqual({
      exists: true,
      relationshipEstablished: true,
      mca: 'valid',
    });
  });

  it('asks for the indirect reseller link only for an indirect partner with a reseller tenant', async () => {
    const { lookup, partnerCenter } = setup([]);

    await lookup.relationshipUrl(aPartner({ channel: 'direct' }));
    await lookup.relationshipUrl(aPartner({ channel: 'indirect', resellerTenantId: 'reseller-tenant' }));
    await lookup.relationshipUrl(aPartner({ channel: 'indirect', resellerTenantId: null }));

    expect(partnerCenter.relationshipQueries).toEqual([
      {},
      { indirectResellerId: 'reseller-tenant', indirectCloudSolutionProviderId: PARTNER_TENANT_ID },
      {},
    ]);
  });
});
