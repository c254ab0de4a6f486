import type { FastifyRequest } from 'fastify';
import { asRecord } from '../http/casing';
import { SimulatedApiError } from '../http/error-body';
import type { SimContext } from '../sim-context';
import type { Tenant } from '../state/tenant.model';

export function param(request: FastifyRequest, name: string): string {
  const value = asRecord(request.params)[name];
  return typeof value === 'string' ? value : '';
}

export function query(request: FastifyRequest, name: string): string | undefined {
  const record = asRecord(request.query);
  const direct = record[name];
  if (typeof direct === 'string') return direct;
  // Query parameter names are case-insensitive in Partner Center.
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === lower && typeof value === 'string') return value;
  return undefined;
}

/** 404 60003 "tenant not found" for an unknown customer id (the exact code for this case is a guess). */
export function customerNotFound(customerId: string): SimulatedApiError {
  return new SimulatedApiError(404, 60003, `Tenant ${customerId} was not found.`, { isRetryable: false });
}

export function noRelationship(customerId: string): SimulatedApiError {
  return new SimulatedApiError(403, 20002, `The partner does not have a relationship with the customer ${customerId}.`, {
    isRetryable: false,
  });
}

/** The customer, provided the partner has a relationship with it (403 20002 otherwise, 404 when unknown). */
export function customerWithRelationship(context: SimContext, customerId: string): Tenant {
  const tenant = context.state.tenants.byId(customerId);
  if (tenant === undefined || !isReadable(context, tenant)) throw customerNotFound(customerId);
  if (tenant.relationshipToPartner === 'none')
    throw tenant.hiddenWithoutRelationship ? customerNotFound(customerId) : noRelationship(customerId);
  return tenant;
}

/** A customer created through `POST /v1/customers` is readable only seconds later in the realistic profile. */
export function isReadable(context: SimContext, tenant: Tenant): boolean {
  return tenant.readableAt === undefined || context.now() >= tenant.readableAt;
}
