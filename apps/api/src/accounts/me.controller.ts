import { AccountQueries, type Partner } from '@nce/accounts';
import type { Principal } from '@nce/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';

// What a customer may know of its partner: the settings that shape its own order wizard.
function partnerView(partner: Partner): Record<string, unknown> {
  return {
    id: partner.id,
    name: partner.name,
    channel: partner.channel,
    customerSelfOrdering: partner.settings.customerSelfOrdering,
    customerMcaAttestation: partner.settings.customerMcaAttestation,
  };
}

/**
 * GET /v1/me: who the key belongs to. The panel needs the customer id for the order body, the
 * linked tenant (an existing account is then the only choice), the channel (partner-of-record
 * attestation) and whether the customer may give the MCA attestation itself.
 */
@Controller('v1/me')
@Roles('partner', 'customer')
export class MeController {
  constructor(private readonly accounts: AccountQueries) {}

  @Get()
  async me(@CurrentPrincipal() principal: Principal): Promise<unknown> {
    const owner = await this.accounts.owner(principal);
    if (!owner) throw ApiProblem.notFound('The account of this key no longer exists');
    const { customer, partner } = owner;
    return {
      role: principal.role,
      ...(customer ? { customer: { id: customer.id, name: customer.name, ...(customer.tenant ? { tenant: customer.tenant } : {}) } } : {}),
      partner: partnerView(partner),
    };
  }
}
