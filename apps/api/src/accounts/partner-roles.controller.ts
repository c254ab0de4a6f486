import { AccountQueries } from '@nce/accounts';
import type { Principal } from '@nce/contracts';
import { RequestGdapChecks } from '@nce/gdap';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal } from '../http/auth.guard';

/**
 * The "Approved Partner Roles" button: returns the last GDAP check and starts a fresh one
 * (worker-gdap), so a second press shows the new state.
 */
@Controller('v1/customers')
export class PartnerRolesController {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly gdapChecks: RequestGdapChecks,
  ) {}

  @Get(':id/partner-roles')
  async partnerRoles(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const customer = await this.accounts.visibleCustomer(principal, id);
    if (!customer) throw ApiProblem.notFound(`Customer ${id} not found`);
    if (!customer.tenant) return { status: 'missing', missingRoles: [], detail: 'The customer has no Microsoft account linked yet' };
    const last = await this.gdapChecks.forCustomer(customer.id);
    if (!last) return { status: 'checking', missingRoles: [] };
    return {
      status: last.status,
      missingRoles: last.missingRoles,
      ...(last.approvalUrl ? { approvalUrl: last.approvalUrl } : {}),
      checkedAt: last.checkedAt.toISOString(),
      ...(last.rechecksStoppedAt ? { rechecksStoppedAt: last.rechecksStoppedAt.toISOString() } : {}),
    };
  }
}
