import { ManageApiKeys, type Principal } from '@nce/accounts';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { decodeKeysetCursor, encodeKeysetCursor } from '@nce/persistence';
import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Roles } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';
import { presentApiKey } from './api-key.presenter';

const UUID = /^[0-9a-f-]{36}$/i;
const listSchema = z.strictObject({ cursor: z.string().max(200).optional(), limit: z.string().regex(/^\d{1,3}$/).optional() });
const rotateSchema = z.strictObject({ graceSeconds: z.number().int().min(0).max(30 * 86_400).optional() });

/**
 * Key lifecycle (DESIGN.md §9 additions): a partner lists, revokes and rotates its own keys and its
 * customers' keys; an operator lists and revokes every key. Revocation is read by every process on
 * the next request (authentication reads the key's row each time). Audited: issued, rotated, revoked.
 */
@Controller('v1/api-keys')
@Roles('partner', 'operator')
export class ApiKeysController {
  constructor(private readonly keys: ManageApiKeys, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() rawQuery: unknown): Promise<unknown> {
    const query = parseOrThrow(listSchema, rawQuery);
    const limit = query.limit ? Number(query.limit) : 100;
    if (limit < 1 || limit > 500) throw ApiProblem.validation([{ field: 'limit', message: 'Expected 1 to 500' }]);
    const before = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    if (before === null) throw ApiProblem.validation([{ field: 'cursor', message: 'Not a cursor returned by this API' }]);
    const rows = await this.keys.list(principal, { limit: limit + 1, before });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(presentApiKey), nextCursor: rows.length > limit && last ? encodeKeysetCursor(last) : null };
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
