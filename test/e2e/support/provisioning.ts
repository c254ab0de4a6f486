import { randomUUID } from 'node:crypto';
import { type ApiClient, waitFor } from '@nce/testing';

export interface SimTenant {
  tenantId: string;
  domain: string;
}

/** Creates a customer tenant in the simulator in the given state (DESIGN.md section 10). */
export async function simTenant(simUrl: string, state: Record<string, unknown> = {}): Promise<SimTenant> {
  const domain = (state.domain as string | undefined) ?? `t${randomUUID().replace(/-/g, '').slice(0, 20)}.onmicrosoft.com`;
  const response = await fetch(`${simUrl}/_sim/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...state, domain }),
  });
  if (response.status !== 201) throw new Error(`simulator refused tenant: ${response.status} ${await response.text()}`);
  return (await response.json()) as SimTenant;
}

export async function simPost(simUrl: string, path: string, body: unknown = {}): Promise<Response> {
  const response = await fetch(`${simUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`simulator ${path}: ${response.status} ${await response.text()}`);
  return response;
}

export async function simLedger(simUrl: string): Promise<{
  checkouts: Array<{ customerId: string; cartId: string; requestId: string; correlationId: string }>;
  duplicateCheckouts: number;
  requests: Array<{ method: string; path: string; status: number; requestId: string; correlationId: string }>;
}> {
  return (await fetch(`${simUrl}/_sim/ledger`)).json() as never;
}

export type OrderView = {
  id: string;
  status: string;
  step: string | null;
  requiredAction?: { type: string; message: string; url?: string; fields?: string[] };
  delay?: { reason: string; retryAt: string };
  failure?: { code: string; message: string; howToFix: string };
  subscriptions: Array<{
    id: string;
    catalogItemId: string;
    status: string;
    quantity: number;
    termDuration: string;
    billingCycle: string;
    commitmentEndDate: string | null;
  }>;
  account: { type: string; domain: string; customerTenantId?: string };
  portalUrl?: string;
};

/** Waits until the order satisfies `predicate` (polling the public API). */
export async function waitForOrder(
  client: ApiClient,
  orderId: string,
  predicate: (order: OrderView) => boolean,
  timeoutMs = 30_000,
): Promise<OrderView> {
  let last: OrderView | undefined;
  try {
    return await waitFor(
      async () => {
        const response = await client.get<OrderView>(`/v1/orders/${orderId}`);
        last = response.body;
        return predicate(response.body) ? response.body : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `order ${orderId}` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

export async function eventTypes(client: ApiClient, orderId: string): Promise<string[]> {
  const response = await client.get<{ items: Array<{ type: string }> }>(`/v1/orders/${orderId}/events`);
  return response.body.items.map((event) => event.type);
}
