import type { Principal } from '@nce/contracts';
import type { AuditTrail } from './accounts.ports';
import type { AdminCredentialStore } from './step-ports';

/** The initial admin of a tenant this system created, for an order the caller may see; every read is audited. */
export class RevealAdminCredentials {
  constructor(
    private readonly credentials: Pick<AdminCredentialStore, 'find'>,
    private readonly audit: AuditTrail,
  ) {}

  /** null: the order did not create a Microsoft account, or not yet. */
  async execute(principal: Principal, order: { id: string; customerId: string }): Promise<{ userName: string; password: string } | null> {
    const stored = await this.credentials.find(order.id);
    if (!stored) return null;
    await this.audit.record({
      actorKeyId: principal.apiKeyId,
      actorRole: principal.role,
      action: 'admin_credentials.read',
      targetType: 'order',
      targetId: order.id,
      details: { customerId: order.customerId },
    });
    return { userName: stored.userName, password: stored.password };
  }
}
