import { SqlCustomerRepository } from '@nce/accounts';
import type { Principal } from '@nce/contracts';
import { SqlCustomerGdapRepository, requestGdapChecks } from '@nce/gdap';
import { OutboxRelay } from '@nce/messaging';
import { UnitOfWork } from '@nce/persistence';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal } from '../http/auth.guard';

/**
 * The "Approved Partner Roles" button: returns the last GDAP check and starts a fresh one
 * (worker-gdap), so a second press shows the new state.
 */
@Controller('v1/customers')
export class PartnerRolesController {
  constructor(private readonly customers: SqlCustomerRepository, private readonly gdap: SqlCustomerGdapRepository, private readonly unitOfWork: UnitOfWork, private readonly relay: OutboxRelay) {}

  @Get(':id/partner-roles')
  async partnerRoles(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const customer = /^[0-9a-f-]{36}$/i.test(id) ? await this.customers.findById(id) : null;
    const visible = customer && (principal.role === 'operator' || (principal.role === 'partner' && customer.partnerId === principal.partnerId) || principal.customerId === customer.id);
    if (!customer || !visible) throw ApiProblem.notFound(`Customer ${id} not found`);
    if (!customer.tenant) return { status: 'missing', missingRoles: [], detail: 'The customer has no Microsoft account linked yet' };
    const last = await this.gdap.find(customer.id);
    await this.unitOfWork.transaction((tx) => requestGdapChecks(tx, [customer.id], 'requested'));
    this.relay.kick();
    if (!last) return { status: 'checking', missingRoles: [] };
    return { status: last.status, missingRoles: last.missingRoles, ...(last.approvalUrl ? { approvalUrl: last.approvalUrl } : {}), checkedAt: last.checkedAt.toISOString(), ...(last.rechecksStoppedAt ? { rechecksStoppedAt: last.rechecksStoppedAt.toISOString() } : {}) };
  }
}
