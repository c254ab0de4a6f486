import type { CallContext, PartnerCenterDependency } from '../domain/common.model';
import type { TransportRequest } from './transport.port';
import { type HttpMethod, route } from './route';
import { authFor } from './auth-policy';

export interface CallSpec {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  context?: CallContext;
  /** The customer tenant the call is for (adds the per-customer budget). */
  customerId?: string;
  body?: unknown;
  expect?: readonly number[];
}

/** The token type comes from the credential table (never chosen per call site). */
export function partnerCenterCall(
  dependency: Exclude<PartnerCenterDependency, 'graph'>,
  method: HttpMethod,
  template: string,
  spec: CallSpec,
): TransportRequest {
  return {
    dependency,
    target: 'partner_center',
    auth: authFor('partner_center', method, template, spec.body),
    route: route(method, template, spec.params, spec.query),
    context: spec.context,
    customerId: spec.customerId,
    body: spec.body,
    expect: spec.expect,
  };
}

export function graphCall(method: HttpMethod, template: string, spec: CallSpec): TransportRequest {
  return {
    dependency: 'graph',
    target: 'graph',
    auth: authFor('graph', method, template, spec.body),
    route: route(method, template, spec.params, spec.query),
    context: spec.context,
    customerId: spec.customerId,
    body: spec.body,
    expect: spec.expect,
  };
}
