import { ManageApiKeys, type Principal } from '@nce/accounts';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { keysetPage, keysetPageQuery } from '../http/keyset-page';
import { parseOrThrow } from '../http/zod-body';
import { presentApiKey } from './api-key.presenter';

const UUID = /^[0-9a-f-]{36}$/i;
const rotateSchema = z.strictObject({
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .optional(),
});

/**
 * Key lifecycle (DESIGN.md §9 additions): a partner lists, revokes and rotates its own keys and its
 * customers' keys; an operator lists and revokes every key. Revocation is read by every process on
 * the next request (authentication reads the key's row each time). Audited: issued, rotated, revoked.
 */
@Controller('v1/api-keys')
@Roles('partner', 'operator')
export class ApiKeysController {
  constructor(
    private readonly keys: ManageApiKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const page = keysetPageQuery(rawQuery);
    return keysetPage(await this.keys.list(principal, { limit: page.fetch, before: page.position }), page.limit, presentApiKey);
  }

  @Delete(':id')
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<unknown> {
    if (!UUID.test(id)) throw ApiProblem.notFound(`API key ${id} not found`);
    return presentApiKey(await this.keys.revoke(principal, id));
  }

  /** A new key (shown once) for the same owner; the old one works for the grace period, then expires. */
  @Post(':id/rotate')
  async rotate(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<unknown> {
    if (!UUID.test(id)) throw ApiProblem.notFound(`API key ${id} not found`);
    const input = parseOrThrow(rotateSchema, body);
    const graceSeconds = input.graceSeconds ?? this.config.api.apiKeyRotationGraceSeconds;
    const { key, issued } = await this.keys.rotate(principal, id, graceSeconds * 1000);
    return { ...presentApiKey(key), apiKey: issued.apiKey, previousKeyExpiresAt: new Date(Date.now() + graceSeconds * 1000).toISOString() };
  }
}
