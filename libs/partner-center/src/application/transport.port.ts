import type { CallContext, PartnerCenterDependency } from '../domain/common.model';
import type { ResolvedRoute } from './route';

/** `app`: client credentials (app-only); `user`: App+User from the Secure Application Model refresh token. */
export type AuthFlow = 'app' | 'user';

/** Which API (and token audience) a call goes to. */
export type Target = 'partner_center' | 'graph';

export interface TransportRequest {
  dependency: PartnerCenterDependency;
  target: Target;
  auth: AuthFlow;
  route: ResolvedRoute;
  body?: unknown;
  /** The customer tenant the call is for: adds the (partner, customer) budget. */
  customerId?: string;
  /** Statuses returned instead of thrown; default: every 2xx. */
  expect?: readonly number[];
  context?: CallContext;
  headers?: Record<string, string>;
}

export interface TransportResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string>;
  requestId: string;
  correlationId: string;
}

/** Port of every API call; failures are thrown as classified errors (PartnerCenterError, BreakerOpenError, BudgetExhaustedError). */
export interface PartnerCenterTransport {
  send<T>(call: TransportRequest): Promise<TransportResponse<T>>;
}
