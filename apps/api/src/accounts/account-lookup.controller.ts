import { AccountQueries, LookupAccount } from '@nce/accounts';
import type { Principal } from '@nce/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { FanOut } from '../http/rate-limits';
import { parseOrThrow } from '../http/zod-body';

const lookupSchema = z.strictObject({
  domain: z.string().regex(/^[a-z0-9]{1,27}\.onmicrosoft\.com$/, 'Give the primary domain as <prefix>.onmicrosoft.com'),
});

/** Synchronous helpers of the panel wizard; 503 + Retry-After while Partner Center is unavailable. */
@Controller('v1')
@Roles('partner', 'customer')
export class AccountLookupController {
  constructor(
    private readonly lookup: LookupAccount,
    private readonly accounts: AccountQueries,
  ) {}

  @Get('accounts/lookup')
  @FanOut()
  async lookupAccount(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<unknown> {
    return this.lookup.execute(parseOrThrow(lookupSchema, query).domain, principal);
  }

  @Get('relationship-request')
  async relationshipRequest(@CurrentPrincipal() principal: Principal): Promise<{ url: string }> {
    const partner = await this.accounts.partnerOf(principal);
    if (!partner) throw ApiProblem.notFound('Partner not found');
    return { url: await this.lookup.relationshipUrl(partner) };
  }
}
