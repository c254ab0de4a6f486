import { AccountQueries, type PartnerSettings, type Principal, UpdatePartnerSettings, isValidGdapDuration } from '@nce/accounts';
import { RequestGdapChecks } from '@nce/gdap';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';

const roleId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Expected an Entra role definition id (GUID)');
// Percent on Microsoft's partner price per segment (null: Microsoft's estimated retail price), and
// the partner's own prices per plan (per licence per billing period, in the catalog's currency).
const markup = z.number().min(0).max(1000).nullable();
const pricingSchema = z.strictObject({
  markupPercent: z.strictObject({ commercial: markup, education: markup }),
  priceList: z
    .array(
      z.strictObject({
        catalogItemId: z.string().min(1).max(100),
        termDuration: z.enum(['P1M', 'P1Y', 'P3Y']),
        billingCycle: z.enum(['monthly', 'annual', 'triennial']),
        unitPrice: z.number().min(0).max(1_000_000),
      }),
    )
    .max(5000),
});
const settingsSchema = z.strictObject({
  customerSelfOrdering: z.boolean().optional(),
  customerMcaAttestation: z.boolean().optional(),
  gdapRoles: z.array(roleId).min(1).max(50).optional(),
  gdapDuration: z.string().refine(isValidGdapDuration, 'Expected an ISO-8601 duration from P1D to P2Y (e.g. P730D)').optional(),
  pricing: pricingSchema.optional(),
  gdapSecurityGroups: z
    .array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Expected a security group object id (GUID)'))
    .max(20)
    .optional(),
});

@Controller('v1/partner/settings')
@Roles('partner')
export class PartnerSettingsController {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly updateSettings: UpdatePartnerSettings,
    private readonly gdapChecks: RequestGdapChecks,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal): Promise<PartnerSettings> {
    const partner = await this.accounts.partner(principal.partnerId);
    if (!partner) throw ApiProblem.notFound('Partner not found');
    return partner.settings;
  }

  @Put()
  async put(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<PartnerSettings> {
    const patch = parseOrThrow(settingsSchema, body);
    const change = await this.updateSettings.execute(principal.partnerId ?? '', patch);
    if (change.gdapRolesChanged) await this.gdapChecks.forPartner(principal.partnerId ?? '');
    return change.settings;
  }
}
