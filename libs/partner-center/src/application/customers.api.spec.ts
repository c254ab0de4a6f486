import { PartnerCenterError } from '../domain/partner-center.errors';
import { CustomersApi } from './customers.api';
import { FakeTransport } from './fake-transport.testing';

const filterPath = (domain: string): string =>
  `/v1/customers?${new URLSearchParams({ size: '100', filter: JSON.stringify({ Field: 'Domain', Value: domain, Operator: 'starts_with' }) })}`;
const customer = (id: string, domain: string) => ({ id, companyProfile: { domain } });
const pcError = (status: number, code: string) =>
  new PartnerCenterError({ httpStatus: status, code, description: code, retryClass: 'permanent', source: 'partner_center' });

describe('CustomersApi', () => {
  it('reports a domain as available on 404 and taken on 200', async () => {
    const transport = new FakeTransport()
      .answer('HEAD /v1/domains/free.onmicrosoft.com', { status: 404 })
      .answer('HEAD /v1/domains/taken.onmicrosoft.com', { status: 200 });
    const api = new CustomersApi(transport);
    await expect(api.isDomainAvailable('free.onmicrosoft.com')).resolves.toBe(true);
    await expect(api.isDomainAvailable('taken.onmicrosoft.com')).resolves.toBe(false);
    expect(transport.calls[0].expect).toEqual([200, 204, 404]);
  });

  it('finds a customer by exact domain across pages, ignoring prefix matches', async () => {
    const transport = new FakeTransport()
      .answer('GET ' + filterPath('contoso.onmicrosoft.com'), {
        body: {
          items: [customer('1', 'contoso.onmicrosoft.com.fake'), customer('2', 'contosoltd.onmicrosoft.com')],
          links: {
            next: {
              uri: '/customers?size=100&seekOperation=next',
              method: 'GET',
              headers: [{ key: 'MS-ContinuationToken', value: 'tok' }],
            },
          },
        },
      })
      .answer('GET /v1/customers?size=100&seekOperation=next', { body: { items: [customer('3', 'Contoso.onmicrosoft.com')] } });
    const found = await new CustomersApi(transport).findCustomerByDomain('contoso.onmicrosoft.com', { correlationId: 'order-1' });
    expect(found?.id).toBe('3');
    expect(transport.calls[1].headers).toEqual({ 'MS-ContinuationToken': 'tok' });
    expect(transport.calls[1].context).toEqual({ correlationId: 'order-1' });
    expect(transport.calls[1].route.template).toBe('/v1/customers');
  });

  it('returns null when no customer has the exact domain', async () => {
    const transport = new FakeTransport().answer('GET ' + filterPath('none.onmicrosoft.com'), { body: { totalCount: 0, items: [] } });
    await expect(new CustomersApi(transport).findCustomerByDomain('none.onmicrosoft.com')).resolves.toBeNull();
  });

  it('maps 404 600074 on validation status to { status: null } and rethrows other errors', async () => {
    const transport = new FakeTransport()
      .answer('GET /v1/customers/a/validationStatus?type=account', pcError(404, '600074'))
      .answer('GET /v1/customers/b/validationStatus?type=account', pcError(403, '20002'));
    const api = new CustomersApi(transport);
    await expect(api.getValidationStatus('a')).resolves.toEqual({ status: null });
    await expect(api.getValidationStatus('b')).rejects.toMatchObject({ code: '20002' });
    expect(transport.calls[0].auth).toBe('user');
  });

  it('uses App+User where Partner Center requires it and app-only elsewhere', async () => {
    const transport = new FakeTransport()
      .answer('POST /v1/customers', { status: 201, body: customer('n', 'n.onmicrosoft.com') })
      .answer('POST /v1/customers/n/qualifications', { status: 200, body: { qualification: 'Education', vettingStatus: 'InReview' } })
      .answer('GET /v1/customers/n/qualifications', { body: [{ qualification: 'Education', vettingStatus: 'InReview' }] })
      .answer('GET /v1/customers/relationshiprequests?indirectResellerId=r1', { body: { url: 'https://admin.microsoft.com/x' } });
    const api = new CustomersApi(transport);
    await api.createCustomer({ companyProfile: { domain: 'n.onmicrosoft.com' }, billingProfile: {} as never });
    await api.createCustomer({
      companyProfile: { domain: 'n.onmicrosoft.com' },
      billingProfile: {} as never,
      associatedPartnerId: 'reseller',
    });
    await expect(api.createQualification('n', { qualification: 'Education', educationSegment: 'K12' })).resolves.toMatchObject({
      vettingStatus: 'InReview',
    });
    await expect(api.getQualifications('n')).resolves.toHaveLength(1);
    await expect(api.getRelationshipRequestUrl({ indirectResellerId: 'r1' })).resolves.toBe('https://admin.microsoft.com/x');
    expect(transport.calls.map((call) => call.auth)).toEqual(['app', 'user', 'user', 'app', 'user']);
    expect(transport.calls[2].expect).toEqual([200, 201]);
    expect(transport.calls[2].customerId).toBe('n');
  });
});
