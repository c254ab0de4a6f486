import { type AppConfig, APP_CONFIG } from '@nce/config';
import type { SubscriptionChange } from '@nce/subscriptions';
import { Inject, Injectable } from '@nestjs/common';

/** The public change representation (issue-17 contract: fixed names; absent optionals omitted). */
@Injectable()
export class SubscriptionChangePresenter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  present(change: SubscriptionChange): Record<string, unknown> {
    const self = `${this.config.api.publicUrl}/v1/subscription-changes/${change.id}`;
    return {
      id: change.id,
      subscriptionId: change.subscriptionId,
      customerId: change.customerId,
      kind: change.kind,
      status: change.status,
      requested: change.requested,
      previous: change.previous,
      ...(change.delay ? { delay: { reason: change.delay.reason, retryAt: change.delay.retryAt.toISOString() } } : {}),
      ...(change.failure ? { failure: change.failure } : {}),
      createdAt: change.createdAt.toISOString(),
      updatedAt: change.updatedAt.toISOString(),
      links: { self, events: `${self}/events`, subscription: `${this.config.api.publicUrl}/v1/subscriptions/${change.subscriptionId}` },
    };
  }
}
