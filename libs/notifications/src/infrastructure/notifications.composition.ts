import type { SecretBox, UnitOfWork } from '@nce/persistence';
import { ManageWebhookEndpoints } from '../application/manage-webhook-endpoints.use-case';
import { WebhookDeliveryLog } from '../application/webhook-delivery-log.use-case';
import { WebhookUrlGuard } from '../application/webhook-url-guard';
import { DnsHostResolver } from './dns-host.resolver';
import { SqlWebhookDeliveryRepository } from './sql-webhook-delivery.repository';
import { SqlWebhookEndpointRepository } from './sql-webhook-endpoint.repository';

export interface NotificationsContextDeps {
  unitOfWork: UnitOfWork;
  secretBox: SecretBox;
  /** After a commit that wrote outbox rows: wakes the relay. */
  onCommitted: () => void;
  /** WEBHOOK_ALLOW_LIST patterns and the ports of our own services (never a webhook target). */
  webhookAllowList: readonly string[];
  reservedPorts: readonly number[];
  maxEndpointsPerPartner: number;
  secretGraceMs: number;
}

/**
 * The notifications context's shared object graph: the API manages endpoints and reads deliveries,
 * worker-notifications delivers through the same repositories and URL guard (its loops are its own).
 */
export function createNotificationsContext(deps: NotificationsContextDeps) {
  const { unitOfWork, onCommitted } = deps;
  const endpoints = new SqlWebhookEndpointRepository(unitOfWork.executor);
  const deliveries = new SqlWebhookDeliveryRepository(unitOfWork.executor);
  const guard = new WebhookUrlGuard(new DnsHostResolver(), deps.webhookAllowList, deps.reservedPorts);
  const manageEndpoints = new ManageWebhookEndpoints({
    unitOfWork,
    endpoints,
    deliveries,
    guard,
    sealer: deps.secretBox,
    maxEndpointsPerPartner: deps.maxEndpointsPerPartner,
    secretGraceMs: deps.secretGraceMs,
    onCommitted,
  });
  return {
    endpoints,
    deliveries,
    guard,
    manageEndpoints,
    deliveryLog: new WebhookDeliveryLog({ unitOfWork, endpoints, deliveries, manage: manageEndpoints, onCommitted }),
  };
}

export type NotificationsContext = ReturnType<typeof createNotificationsContext>;
