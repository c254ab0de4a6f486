import { linkRoute, route } from './route';

describe('route', () => {
  it('fills and encodes path parameters and keeps the template for metrics', () => {
    const resolved = route('GET', '/v1/customers/{id}/carts/{cartId}', { id: 'a b', cartId: 'c/1' });
    expect(resolved).toEqual({ method: 'GET', template: '/v1/customers/{id}/carts/{cartId}', path: '/v1/customers/a%20b/carts/c%2F1' });
  });

  it('appends only defined query parameters, encoded', () => {
    const filter = JSON.stringify({ Field: 'Domain', Value: 'x.onmicrosoft.com', Operator: 'starts_with' });
    const resolved = route('GET', '/v1/customers', {}, { size: '100', filter, skip: undefined });
    expect(resolved.path.startsWith('/v1/customers?size=100&filter=')).toBe(true);
    expect(new URL(`http://h${resolved.path}`).searchParams.get('filter')).toBe(filter);
    expect(resolved.path).not.toContain('skip');
  });

  it('refuses a missing parameter instead of calling a wrong URL', () => {
    expect(() => route('GET', '/v1/customers/{id}', {})).toThrow(/Missing path parameter "id"/);
  });
});

describe('linkRoute', () => {
  it('resolves Partner Center links relative to the version root', () => {
    expect(linkRoute('GET', '/v1/customers', '/customers?seekOperation=next', '/v1').path).toBe('/v1/customers?seekOperation=next');
    expect(linkRoute('GET', '/v1/customers', 'customers?x=1', '/v1').path).toBe('/v1/customers?x=1');
    expect(linkRoute('GET', '/v1/customers', '/v1/customers?x=1', '/v1').path).toBe('/v1/customers?x=1');
  });

  it('keeps absolute links (Graph @odata.nextLink) as they are', () => {
    const next = 'http://127.0.0.1:3100/v1.0/tenantRelationships/delegatedAdminRelationships?$skiptoken=abc';
    expect(linkRoute('GET', '/v1.0/x', next, '/v1.0')).toEqual({ method: 'GET', template: '/v1.0/x', path: next });
  });
});
