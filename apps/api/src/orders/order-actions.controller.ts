import { RevealAdminCredentials } from '@nce/accounts';
import type { Principal } from '@nce/contracts';
import { OrderQueries, PostMcaAttestation, ResumeOrder, mcaAttestationSchema } from '@nce/orders';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { FanOut } from '../http/rate-limits';
import { parseOrThrow } from '../http/zod-body';
import { OrderPresenter } from './order.presenter';

@Controller('v1/orders')
export class OrderActionsController {
  constructor(
    private readonly resumeOrder: ResumeOrder,
    private readonly postMcaAttestation: PostMcaAttestation,
    private readonly queries: OrderQueries,
    private readonly revealAdminCredentials: RevealAdminCredentials,
    private readonly presenter: OrderPresenter,
  ) {}

  /** "I have done it": re-check the parked step now (committed before the reply). */
  @Post(':id/resume')
  @FanOut()
  @HttpCode(200)
  async resume(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    return this.presenter.present(await this.resumeOrder.execute(principal, id));
  }

  @Post(':id/mca-attestation')
  @HttpCode(200)
  async mcaAttestation(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<unknown> {
    const input = parseOrThrow(mcaAttestationSchema, body);
    return this.presenter.present(await this.postMcaAttestation.execute(principal, id, input.signatory));
  }

  /** The initial admin of a tenant this system created: the customer and its partner only, audited. */
  @Get(':id/admin-credentials')
  @Roles('partner', 'customer')
  async adminCredentials(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    const order = await this.queries.get(principal, id);
    const credentials = await this.revealAdminCredentials.execute(principal, order);
    if (!credentials) throw ApiProblem.notFound('This order did not create a Microsoft account, or the account is not created yet');
    return credentials;
  }
}
