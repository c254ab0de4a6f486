import type { TransportRequest } from './transport.port';

/**
 * Partner Center throttles per resource group (partner-center-api.md §2.3); the engine budgets each
 * group separately, with the same grouping as the simulator: customers (and domains, validation,
 * qualifications), commerce (carts, checkout, orders), subscriptions, agreements, Graph, catalog.
 */
export type ThrottleGroup = 'customers' | 'commerce' | 'subscriptions' | 'agreements' | 'graph' | 'catalog';

export function throttleGroupOf(call: Pick<TransportRequest, 'target' | 'dependency' | 'route'>): ThrottleGroup {
  if (call.target === 'graph') return 'graph';
  if (call.dependency === 'catalog') return 'catalog';
  const template = call.route.template.toLowerCase();
  if (template.includes('/subscriptions')) return 'subscriptions';
  if (template.includes('/carts') || template.includes('/orders')) return 'commerce';
  if (template.includes('agreement') || template.includes('/attestations')) return 'agreements';
  return 'customers';
}
