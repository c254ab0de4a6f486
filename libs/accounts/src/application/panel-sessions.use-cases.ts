import { randomUUID } from 'node:crypto';
import type { Principal } from '@nce/contracts';
import { generatePanelSecret, hashPanelSecret, isPanelReturnPath, isPanelSecret } from '../domain/panel-session.model';
import { CustomerNotFoundError } from '../domain/accounts.errors';
import type { CustomerRepository } from './accounts.ports';

export interface PanelSessionRow {
  id: string;
  kind: 'link' | 'session';
  customerId: string;
  partnerId: string;
  returnPath: string | null;
  expiresAt: Date;
}

export interface PanelSessionStore {
  insert(row: PanelSessionRow & { secretHash: string; createdAt: Date }): Promise<void>;
  /** Marks an unused, unexpired link used; returns it only to the one caller that did. */
  useLink(secretHash: string, now: Date): Promise<PanelSessionRow | null>;
  /** A live session (not ended, not expired). */
  findSession(secretHash: string, now: Date): Promise<PanelSessionRow | null>;
  end(secretHash: string, now: Date): Promise<void>;
}

export interface PanelSessionSettings {
  linkTtlSeconds: number;
  sessionTtlSeconds: number;
}

/** The path (under the API's public URL) a sign-in link opens. */
export const PANEL_LINK_PATH = '/panel-link';

/** Sign-in links (partner), their one-time use (browser), the cookie sessions they start. */
export class PanelSessions {
  constructor(
    private readonly store: PanelSessionStore,
    private readonly customers: CustomerRepository,
    private readonly settings: PanelSessionSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** POST /v1/customers/{id}/panel-sessions: a customer of the calling partner only (else not found). */
  async issueLink(
    principal: Principal,
    customerId: string,
    returnPath: string | null,
    publicUrl: string,
  ): Promise<{ url: string; expiresAt: string }> {
    const customer = await this.customers.findById(customerId);
    if (!customer || principal.role !== 'partner' || customer.partnerId !== principal.partnerId)
      throw new CustomerNotFoundError(customerId);
    if (returnPath !== null && !isPanelReturnPath(returnPath)) throw new RangeError('returnPath must be a panel route such as #/orders');
    const now = this.clock();
    const { secret, hash } = generatePanelSecret();
    const expiresAt = new Date(now.getTime() + this.settings.linkTtlSeconds * 1000);
    await this.store.insert({
      id: randomUUID(),
      kind: 'link',
      secretHash: hash,
      customerId: customer.id,
      partnerId: customer.partnerId,
      returnPath,
      createdAt: now,
      expiresAt,
    });
    return { url: `${publicUrl.replace(/\/$/, '')}${PANEL_LINK_PATH}/${secret}`, expiresAt: expiresAt.toISOString() };
  }

  /** Opening a link: once, before it expires; it starts a session whose secret goes into the cookie. */
  async openLink(secret: string): Promise<{ sessionSecret: string; expiresAt: Date; returnPath: string | null } | null> {
    if (!isPanelSecret(secret)) return null;
    const now = this.clock();
    const link = await this.store.useLink(hashPanelSecret(secret), now);
    if (!link) return null;
    const session = generatePanelSecret();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlSeconds * 1000);
    await this.store.insert({
      id: randomUUID(),
      kind: 'session',
      secretHash: session.hash,
      customerId: link.customerId,
      partnerId: link.partnerId,
      returnPath: null,
      createdAt: now,
      expiresAt,
    });
    return { sessionSecret: session.secret, expiresAt, returnPath: link.returnPath };
  }

  /** The customer principal of a live session cookie (its id stands in for the API key id). */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!isPanelSecret(secret)) return null;
    const session = await this.store.findSession(hashPanelSecret(secret), this.clock());
    return session ? { apiKeyId: session.id, role: 'customer', partnerId: session.partnerId, customerId: session.customerId } : null;
  }

  async end(secret: string): Promise<void> {
    if (isPanelSecret(secret)) await this.store.end(hashPanelSecret(secret), this.clock());
  }
}
