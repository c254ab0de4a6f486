import { type Principal, CustomerNotFoundError, PANEL_LINK_PATH, PanelSessions } from '@nce/accounts';
import { type AppConfig, APP_CONFIG } from '@nce/config';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../http/api-problem';
import { CurrentPrincipal, Public, Roles } from '../http/auth.guard';
import { parseOrThrow } from '../http/zod-body';
import { PANEL_PATH } from './panel-path';
import { clearedSessionCookie, panelSessionSecret, sessionCookie } from './panel-session.cookie';

const linkSchema = z.strictObject({
  returnPath: z
    .string()
    .regex(/^#\/[A-Za-z0-9/_-]{0,200}$/, 'Expected a panel route such as #/orders')
    .optional(),
});

/**
 * Panel sign-in as partners embed the panel (DESIGN.md section 9 additions): the partner asks for a
 * single-use link valid for minutes; opening it starts an HttpOnly, SameSite=Strict cookie session,
 * so the browser never holds an API key; sign-out ends the session on the server.
 */
@Controller()
export class PanelSessionsController {
  constructor(
    private readonly sessions: PanelSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('v1/customers/:id/panel-sessions')
  @Roles('partner')
  @HttpCode(201)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ url: string; expiresAt: string }> {
    const input = parseOrThrow(linkSchema, body ?? {});
    try {
      return await this.sessions.issueLink(principal, id, input.returnPath ?? null, this.publicUrl(request));
    } catch (error) {
      if (error instanceof CustomerNotFoundError) throw ApiProblem.notFound(error.message);
      throw error;
    }
  }

  /** The link itself: signs in once, then sends the browser to the panel (the requested page, if any). */
  @Get(`${PANEL_LINK_PATH.slice(1)}/:secret`)
  @Public()
  async open(@Param('secret') secret: string, @Res() reply: FastifyReply): Promise<void> {
    const opened = await this.sessions.openLink(secret);
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (!opened) {
      await reply.code(303).header('location', `${PANEL_PATH}/?link=expired#/sign-in`).send();
      return;
    }
    const maxAge = Math.max(1, Math.round((opened.expiresAt.getTime() - Date.now()) / 1000));
    await reply
      .code(303)
      .header('set-cookie', sessionCookie(opened.sessionSecret, maxAge, this.secure()))
      .header('location', `${PANEL_PATH}/${opened.returnPath ?? ''}`)
      .send();
  }

  /** Sign-out: the session ends on the server; the cookie is cleared. */
  @Delete('v1/panel-session')
  @Public()
  @HttpCode(204)
  async end(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const secret = panelSessionSecret(request);
    if (secret) await this.sessions.end(secret);
    void reply.header('set-cookie', clearedSessionCookie(this.secure()));
  }

  /** API_PUBLIC_URL; on an ephemeral port (0, tests) the address the caller reached. */
  private publicUrl(request: FastifyRequest): string {
    const configured = this.config.api.publicUrl;
    return /:0\/?$/.test(configured) && request.headers.host ? `${request.protocol}://${request.headers.host}` : configured;
  }

  private secure(): boolean {
    return this.config.api.publicUrl.startsWith('https:');
  }
}
