import { normaliseEnum, normaliseKeys } from './casing';

describe('casing normalisation', () => {
  it('turns PascalCase and odd-cased keys into camelCase, recursively', () => {
    expect(
      normaliseKeys({
        CompanyProfile: { DOMAIN: 'x' },
        LineItems: [{ CatalogItemId: 'a', PARTICIPANTS: [{ Key: 'k', Value: 'v' }] }],
        EnableGdapByDefault: true,
      }),
    ).toEqual({
      companyProfile: { domain: 'x' },
      lineItems: [{ catalogItemId: 'a', participants: [{ key: 'k', value: 'v' }] }],
      enableGDAPByDefault: true,
    });
  });

  it('keeps the keys of provisioningContext as data and drops prototype keys', () => {
    const parsed: unknown = JSON.parse('{"ProvisioningContext":{"TenantDomain":"x"},"__proto__":{"polluted":true}}');
    const result = normaliseKeys(parsed) as Record<string, unknown>;
    expect(result).toEqual({ provisioningContext: { TenantDomain: 'x' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('matches enum strings in snake_case or PascalCase', () => {
    const keys = ['transaction_reseller', 'additional_transaction_reseller'] as const;
    expect(normaliseEnum('TransactionReseller', keys)).toBe('transaction_reseller');
    expect(normaliseEnum('ADDITIONAL_TRANSACTION_RESELLER', keys)).toBe('additional_transaction_reseller');
    expect(normaliseEnum('one_time', ['monthly', 'one_time'] as const)).toBe('one_time');
    expect(normaliseEnum('OneTime', ['monthly', 'one_time'] as const)).toBe('one_time');
    expect(normaliseEnum('weekly', ['monthly'] as const)).toBeUndefined();
    expect(normaliseEnum(3, ['monthly'] as const)).toBeUndefined();
  });
});
