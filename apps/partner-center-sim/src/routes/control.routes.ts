import { SIMULATOR_PROFILES } from '@nce/config';
import { asRecord, optionalString } from '../http/casing';
import { applyProfile } from '../state/profile';
import type { RouteRegistrar, SimContext } from '../sim-context';
import { FAULT_KINDS, type FaultRule } from '../state/fault.store';
import type { LedgerRequest } from '../state/ledger.store';
import { cartView } from '../views/commerce.view';
import { ALL_CHECKOUT_GATES } from './checkout-gates';
import { param, query } from './customer-access';
import { controlError, integerIn, oneOf } from './control-input';

const startedAt = Date.now();

function readFaultRule(value: unknown, index: number): FaultRule {
  const record = asRecord(value);
  const path = optionalString(record, 'path');
  if (path === undefined) throw controlError(400, `rules[${index}].path (a regex) is required`);
  try {
    new RegExp(path);
  } catch {
    throw controlError(400, `rules[${index}].path is not a valid regex`);
  }
  const probability = record.probability;
  if (probability !== undefined && (typeof probability !== 'number' || probability < 0 || probability > 1))
    throw controlError(400, `rules[${index}].probability must be between 0 and 1`);
  return {
    method: optionalString(record, 'method')?.toUpperCase(),
    path,
    kind: oneOf(record.kind, FAULT_KINDS, '500', `rules[${index}].kind`),
    probability: probability as number | undefined,
    count: integerIn(record.count, `rules[${index}].count`, 0),
    retryAfterSeconds: integerIn(record.retryAfterSeconds, `rules[${index}].retryAfterSeconds`, 0),
    latencyMs: integerIn(record.latencyMs, `rules[${index}].latencyMs`, 0),
  };
}

function applySettings(context: SimContext, body: Record<string, unknown>): void {
  const settings = context.settings;
  const numeric: (keyof SimContext['settings'])[] = [
    'provisioningDelayMs',
    'gdapActivationDelayMs',
    'latencyMs',
    'checkoutProcessingMs',
    'tokenLifetimeSeconds',
    'gdapApprovalExpiryDays',
    'attestationExpiryDays',
  ];
  for (const key of numeric) {
    const value = integerIn(body[key], key, key === 'tokenLifetimeSeconds' || key.endsWith('Days') ? 1 : 0);
    if (value !== undefined) Object.assign(settings, { [key]: value });
  }
  if (typeof body.logRequests === 'boolean') settings.logRequests = body.logRequests;
  if (body.latencyScale !== undefined) {
    if (typeof body.latencyScale !== 'number' || !(body.latencyScale >= 0)) throw controlError(400, 'latencyScale must be a number >= 0');
    settings.latencyScale = body.latencyScale;
  }
  if (body.profile !== undefined || body.latencyScale !== undefined) {
    settings.profile = oneOf(body.profile ?? settings.profile, SIMULATOR_PROFILES, 'instant', 'profile');
    applyProfile(settings, context.config);
  }
  if (body.newCustomerAccountStatus !== undefined) {
    settings.newCustomerAccountStatus = oneOf(
      body.newCustomerAccountStatus,
      ['Allowed', 'UnderReview', 'NotAllowed', 'Unknown', 'None'] as const,
      'Allowed',
      'newCustomerAccountStatus',
    );
  }
  if (body.checkoutGates !== undefined) {
    if (!Array.isArray(body.checkoutGates)) throw controlError(400, 'checkoutGates must be an array');
    settings.checkoutGates = body.checkoutGates.map((gate) => oneOf(gate, ALL_CHECKOUT_GATES, 'relationship', 'checkoutGates[]'));
  }
}

/** Simulator control API (DESIGN section 10): no token, never faulted, not in the ledger. */
export const registerControlRoutes: RouteRegistrar = (app, context) => {
  const state = context.state;

  app.get('/_sim/health', (_request, reply) =>
    reply.send({
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      tenants: state.tenants.tenants.size,
      requests: state.ledger.totalRequests,
    }),
  );
  // Carts with a checkout under way (its request received, its answer not yet sent): tests wait on it instead of sleeping.
  app.get('/_sim/checkouts/in-flight', (_request, reply) => reply.send({ cartIds: [...state.commerce.checkoutsInFlight.keys()] }));

  app.post('/_sim/reset', (_request, reply) => {
    state.reset();
    Object.assign(context.settings, { ...context.config, checkoutGates: [...context.config.checkoutGates] });
    return reply.send({ reset: true });
  });

  app.get('/_sim/settings', (_request, reply) => reply.send(context.settings));
  app.put('/_sim/settings', (request, reply) => {
    applySettings(context, asRecord(request.body));
    return reply.send(context.settings);
  });

  app.put('/_sim/faults', (request, reply) => {
    if (!Array.isArray(request.body)) throw controlError(400, 'body must be a bare array of fault rules');
    state.faults.replace(request.body.map(readFaultRule));
    return reply.send(state.faults.list());
  });
  app.get('/_sim/faults', (_request, reply) => reply.send(state.faults.list()));
  app.delete('/_sim/faults', (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });

  // `since` is a request sequence number (each entry has `seq`) or an ISO timestamp; `requests=false` omits them.
  app.get('/_sim/ledger', (request, reply) => {
    const since = query(request, 'since') ?? '0';
    const limitRaw = Number(query(request, 'limit'));
    const limit = Number.isInteger(limitRaw) && limitRaw > 0 ? limitRaw : undefined;
    let requests: LedgerRequest[] | undefined = query(request, 'requests') === 'false' ? [] : undefined;
    if (requests === undefined && /^\d+$/.test(since)) requests = state.ledger.requests(Number(since), limit);
    if (requests === undefined) {
      if (Number.isNaN(Date.parse(since))) throw controlError(400, 'since must be a sequence number or an ISO timestamp');
      const after = new Date(Date.parse(since)).toISOString();
      requests = state.ledger
        .requests()
        .filter((entry) => entry.at > after)
        .slice(0, limit);
    }
    return reply.send({
      checkouts: state.ledger.checkouts,
      duplicateCheckouts: state.ledger.duplicateCheckouts,
      subscriptionChanges: state.ledger.subscriptionChanges,
      duplicateSubscriptionChanges: state.ledger.duplicateSubscriptionChanges,
      throttled: state.ledger.throttled,
      requests,
      totalRequests: state.ledger.totalRequests,
    });
  });
  app.get('/_sim/ledger/summary', (_request, reply) =>
    reply.send({
      totalRequests: state.ledger.totalRequests,
      checkouts: state.ledger.checkouts.length,
      duplicateCheckouts: state.ledger.duplicateCheckouts,
      subscriptionChanges: state.ledger.subscriptionChanges.length,
      duplicateSubscriptionChanges: state.ledger.duplicateSubscriptionChanges,
      throttled: state.ledger.throttled,
      byMethodAndStatus: state.ledger.summary(),
    }),
  );

  app.post('/_sim/catalog/retire', (request, reply) => {
    const catalogItemId = optionalString(asRecord(request.body), 'catalogItemId');
    if (catalogItemId === undefined || state.catalog.item(catalogItemId) === undefined)
      throw controlError(400, 'catalogItemId of a seeded catalog item is required');
    state.catalog.retired.add(catalogItemId.toUpperCase());
    return reply.send({ retired: [...state.catalog.retired] });
  });

  app.get('/_sim/customers/:customerId/carts', (request, reply) => {
    const customerId = param(request, 'customerId').toLowerCase();
    return reply.send([...state.commerce.carts.values()].filter((cart) => cart.customerId === customerId).map(cartView));
  });
};
