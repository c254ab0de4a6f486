import { type AppConfig, APP_CONFIG } from '@nce/config';
import { type Order, orderTotals } from '@nce/orders';
import { Inject, Injectable } from '@nestjs/common';

/** The public order representation (DESIGN.md section 9: fixed names; absent optionals omitted). */
@Injectable()
export class OrderPresenter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  present(order: Order): Record<string, unknown> {
    const self = `${this.config.api.publicUrl}/v1/orders/${order.id}`;
    const body: Record<string, unknown> = {
      id: order.id,
      customerId: order.customerId,
      status: order.status,
      step: order.step,
    };
    if (order.requiredAction) body.requiredAction = order.requiredAction;
    if (order.delay) body.delay = order.delay;
    if (order.failure) body.failure = order.failure;
    body.items = order.items;
    // Per billing period, from the prices agreed at intake (absent for orders placed without prices).
    const totals = orderTotals(order.items);
    if (totals.length > 0) body.totals = totals;
    const account = order.account;
    body.account = {
      type: account.type,
      domain: account.domain,
      ...(account.customerTenantId ? { customerTenantId: account.customerTenantId } : {}),
      // The answers of a new account, so an owner can order again after a failure with them.
      ...(account.type === 'new'
        ? {
            domainPrefix: account.domainPrefix,
            companyName: account.companyName,
            contact: account.contact,
            address: account.address,
            ...(account.organizationRegistrationNumber ? { organizationRegistrationNumber: account.organizationRegistrationNumber } : {}),
          }
        : {}),
    };
    body.attestations = order.request.attestations;
    body.qualification = order.request.qualification;
    if (order.request.mca.signatory) body.mca = { signatory: order.request.mca.signatory };
    body.subscriptions = order.subscriptions;
    if (order.portalUrl) body.portalUrl = order.portalUrl;
    if (order.request.reference) body.reference = order.request.reference;
    body.priority = order.request.priority ?? 'interactive';
    body.createdAt = order.createdAt.toISOString();
    body.updatedAt = order.updatedAt.toISOString();
    body.links = { self, events: `${self}/events` };
    return body;
  }
}
