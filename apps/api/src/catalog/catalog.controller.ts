import { AccountQueries, type Principal } from '@nce/accounts';
import { type CatalogPlan, CatalogQuery, customerPrice } from '@nce/catalog';
import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal } from '../http/auth.guard';

@Controller('v1/catalog')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogQuery,
    private readonly accounts: AccountQueries,
  ) {}

  /**
   * Every NCE plan, unpaged (a few hundred rows at most), with the customer price of the caller's
   * partner (`price`, absent when Microsoft's price sheet has no row for the plan). Microsoft's own
   * price (the partner's cost) is never shown.
   */
  @Get('offers')
  async offers(@CurrentPrincipal() principal: Principal): Promise<unknown> {
    const partner = await this.accounts.partner(principal.partnerId);
    const plans = await this.catalog.listPlans();
    return { items: plans.map((plan) => present(plan, customerPrice(plan, partner?.settings.pricing))) };
  }
}

function present(plan: CatalogPlan, price: ReturnType<typeof customerPrice>): Record<string, unknown> {
  const { msPrice: _cost, ...visible } = plan;
  return price ? { ...visible, price } : visible;
}
