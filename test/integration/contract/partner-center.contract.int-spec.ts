import { type ContractTarget, openContractTarget } from './contract-target';

/**
 * The flow's read calls, each named by its Microsoft documentation page, against the simulator (inside
 * `npm test`) or, unchanged, against a real Partner Center integration sandbox (`npm run test:contract`
 * with the PC_CONTRACT_* variables). Only calls without side effects in the partner's real data.
 */
describe("Partner Center contract (the flow's calls, simulator or sandbox)", () => {
  let target: ContractTarget;

  beforeAll(async () => {
    target = await openContractTarget();
  });
  afterAll(() => target?.close());

  it('[verify-domain-availability] HEAD /v1/domains/{domain}: an unused domain is available (app-only)', async () => {
    await expect(target.client.isDomainAvailable(`nceunused${Date.now().toString(36)}.onmicrosoft.com`)).resolves.toBe(true);
  });

  it('[get-a-list-of-products] GET /v1/products?targetView=OnlineServices, skus, availabilities (app-only)', async () => {
    const offers = await target.client.listNceOffers('US', 'commercial');
    expect(offers.length).toBeGreaterThan(0);
    expect(offers[0]).toMatchObject({ catalogItemId: expect.stringMatching(/^[A-Z0-9]+:[0-9]+:[A-Z0-9]+$/) });
  });

  it('[get-a-customer-by-id] GET /v1/customers/{id} (app-only)', async () => {
    await expect(target.client.getCustomer(target.customerId)).resolves.toMatchObject({
      id: target.customerId,
      companyProfile: expect.any(Object),
    });
  });

  it('[request-reseller-relationship] GET /v1/customers/relationshiprequests: App+User only', async () => {
    await expect(target.client.getRelationshipRequestUrl()).resolves.toMatch(/^https:\/\//);
  });

  it('[get-direct-sign-status-of-customer-agreement] GET …/directSignedMicrosoftCustomerAgreementStatus: App+User only', async () => {
    await expect(target.client.getDirectSignStatus(target.customerId)).resolves.toMatchObject({ isSigned: expect.any(Boolean) });
  });

  it('[get-confirmation-of-customer-agreement] GET /v1/customers/{id}/agreements: App+User only', async () => {
    await expect(target.client.listAgreements(target.customerId)).resolves.toEqual(expect.any(Array));
  });

  it('[retrieve-validation-status] GET …/validationStatus?type=account: App+User only (404 600074 is a normal answer)', async () => {
    await expect(target.client.getValidationStatus(target.customerId)).resolves.toHaveProperty('status');
  });

  it('[get-customer-qualification-asynchronous] GET /v1/customers/{id}/qualifications (app-only)', async () => {
    await expect(target.client.getQualifications(target.customerId)).resolves.toEqual(expect.any(Array));
  });

  it('[GRAPH tenantrelationship-list-delegatedadminrelationships] GET delegatedAdminRelationships?$filter (app-only, application permission)', async () => {
    await expect(target.client.listDelegatedAdminRelationships(target.customerId)).resolves.toEqual(expect.any(Array));
  });
});
