import {
  AuthenticateApiKey,
  CreateCustomer,
  CreateCustomerApiKey,
  CreatePartner,
  type Customer,
  IssueApiKey,
  type Partner,
} from '@nce/accounts';
import type { OpsContext } from '../ops-context';

export interface DemoCredentials {
  operator: { apiKey: string };
  partners: { direct: { id: string; apiKey: string }; indirect: { id: string; apiKey: string; mpnId: string } };
  customers: Array<{ id: string; partnerId: string; name: string; apiKey: string }>;
}

const DEMO = {
  direct: { name: 'Demo Direct Partner', channel: 'direct' as const },
  indirect: {
    name: 'Demo Indirect Reseller',
    channel: 'indirect' as const,
    mpnId: '5357564',
    resellerTenantId: '3f1c2b7e-8d4a-4e59-b6c1-9a0d2e7f4c31',
  },
  customers: { direct: ['Contoso Ltd', 'Fabrikam Inc'], indirect: ['Northwind Traders', 'Tailspin Toys'] },
};

const OPTED_IN = { customerSelfOrdering: true, customerMcaAttestation: true };

/**
 * Idempotent demo seed (DESIGN.md section 9): partners and customers are found by name and reused;
 * keys from an earlier run are kept when they still authenticate, otherwise new ones are issued.
 */
export async function seedDemo(context: OpsContext, previous: Partial<DemoCredentials> | null): Promise<DemoCredentials> {
  const authenticate = new AuthenticateApiKey(context.apiKeys);
  const issueKey = new IssueApiKey(context.apiKeys);
  const stillValid = async (
    apiKey: string | undefined,
    check: (role: string, partnerId: string | null, customerId: string | null, scopes: readonly string[]) => boolean,
  ): Promise<string | null> => {
    if (!apiKey) return null;
    const principal = await authenticate.execute(apiKey);
    return principal && check(principal.role, principal.partnerId, principal.customerId, principal.scopes ?? []) ? apiKey : null;
  };

  const partner = async (spec: {
    name: string;
    channel: 'direct' | 'indirect';
    mpnId?: string;
    resellerTenantId?: string;
  }): Promise<Partner> => {
    const existing = await context.partners.findByName(spec.name);
    if (existing) return existing;
    return new CreatePartner(context.partners).execute({ ...spec, settings: OPTED_IN });
  };
  const direct = await partner(DEMO.direct);
  const indirect = await partner(DEMO.indirect);

  // The demo operator may act in the queue dashboard (scope dashboard:write); without it the dashboard is read-only.
  const operatorKey =
    (await stillValid(
      previous?.operator?.apiKey,
      (role, _partnerId, _customerId, scopes) => role === 'operator' && scopes.includes('dashboard:write'),
    )) ?? (await issueKey.execute({ role: 'operator', label: 'demo operator', scopes: ['dashboard:write'] })).apiKey;
  const partnerKey = async (p: Partner, old: string | undefined): Promise<string> =>
    (await stillValid(old, (role, partnerId) => role === 'partner' && partnerId === p.id)) ??
    (await issueKey.execute({ role: 'partner', partnerId: p.id, label: `demo ${p.name}` })).apiKey;

  const customers: DemoCredentials['customers'] = [];
  for (const [owner, names] of [
    [direct, DEMO.customers.direct],
    [indirect, DEMO.customers.indirect],
  ] as const) {
    const mine = await context.customers.listByPartner(owner.id, { limit: 100 });
    for (const name of names) {
      const customer: Customer =
        mine.find((candidate) => candidate.name === name) ??
        (await new CreateCustomer(context.customers).execute({ partnerId: owner.id, name }));
      const old = previous?.customers?.find((entry) => entry.id === customer.id)?.apiKey;
      const apiKey =
        (await stillValid(old, (role, _partnerId, customerId) => role === 'customer' && customerId === customer.id)) ??
        (await new CreateCustomerApiKey(context.customers, context.apiKeys).execute({ customerId: customer.id, label: 'demo' })).apiKey;
      customers.push({ id: customer.id, partnerId: owner.id, name, apiKey });
    }
  }
  return {
    operator: { apiKey: operatorKey },
    partners: {
      direct: { id: direct.id, apiKey: await partnerKey(direct, previous?.partners?.direct?.apiKey) },
      indirect: {
        id: indirect.id,
        apiKey: await partnerKey(indirect, previous?.partners?.indirect?.apiKey),
        mpnId: indirect.mpnId ?? DEMO.indirect.mpnId,
      },
    },
    customers,
  };
}
