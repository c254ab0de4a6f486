/** A Partner Center link: `uri` is relative to the API version root or absolute. */
export interface ResourceLink {
  uri: string;
  method: string;
  headers: Array<{ key: string; value: string }>;
}

export interface ResourceLinks {
  self?: ResourceLink;
  next?: ResourceLink;
  previous?: ResourceLink;
  [name: string]: ResourceLink | undefined;
}

export interface ResourceAttributes {
  objectType?: string;
  etag?: string;
}

/** Partner Center collection envelope. */
export interface ResourceCollection<T> {
  totalCount?: number;
  items: T[];
  links?: ResourceLinks;
  attributes?: ResourceAttributes;
}

/** Microsoft Graph collection envelope. */
export interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.context'?: string;
}

/** Per-call tracing and idempotency ids; both default to new UUIDs. */
export interface CallContext {
  /** MS-RequestId: reuse the same value when retrying after a timeout (idempotency key). */
  requestId?: string;
  /** MS-CorrelationId: the order id for every call made on behalf of an order. */
  correlationId?: string;
}

export type PartnerCenterDependency = 'customers' | 'commerce' | 'catalog' | 'graph';

/** One HTTP attempt (or a refusal before sending), for metrics and order timelines. */
export interface CallObservation {
  dependency: PartnerCenterDependency;
  /** Route template, e.g. `POST /v1/customers/{id}/carts`: bounded cardinality for metrics. */
  route: string;
  method: string;
  /** HTTP status, or null when no response arrived (timeout, network error, breaker, budget). */
  status: number | null;
  requestId: string;
  correlationId: string;
  durationMs: number;
  errorCode?: string;
}

export type CallObserver = (observation: CallObservation) => void;
