import type { Customer } from '../domain/customer.model';
import type { CustomerRepository } from './accounts.ports';
import { type PanelSessionRow, type PanelSessionStore, PanelSessions } from './panel-sessions.use-cases';

class MemoryStore implements PanelSessionStore {
  rows: Array<PanelSessionRow & { secretHash: string; usedAt?: Date; endedAt?: Date }> = [];
  async insert(row: PanelSessionRow & { secretHash: string; createdAt: Date }): Promise<void> {
    this.rows.push(row);
  }
  async useLink(secretHash: string, now: Date): Promise<PanelSessionRow | null> {
    const row = this.rows.find(
      (candidate) => candidate.secretHash === secretHash && candidate.kind === 'link' && !candidate.usedAt && candidate.expiresAt > now,
    );
    if (!row) return null;
    row.usedAt = now;
    return row;
  }
  async findSession(secretHash: string, now: Date): Promise<PanelSessionRow | null> {
    return this.rows.find((row) => row.secretHash === secretHash && row.kind === 'session' && !row.endedAt && row.expiresAt > now) ?? null;
  }
  async end(secretHash: string, now: Date): Promise<void> {
    for (const row of this.rows) if (row.secretHash === secretHash) row.endedAt = now;
  }
}

describe('panel sessions', () => {
  let now = new Date('2026-12-03T10:00:00Z');
  const customer = { id: 'c1', partnerId: 'p1', name: 'C', tenant: null } as unknown as Customer;
  const customers = { findById: async (id: string) => (id === 'c1' ? customer : null) } as unknown as CustomerRepository;
  const partner = { apiKeyId: 'k', role: 'partner' as const, partnerId: 'p1', customerId: null };
  const make = () => new PanelSessions(new MemoryStore(), customers, { linkTtlSeconds: 300, sessionTtlSeconds: 3600 }, () => now);
  const secretOf = (url: string) => url.split('/').pop()!;

  beforeEach(() => {
    now = new Date('2026-12-03T10:00:00Z');
  });

  it("issues a link to the customer's own partner only", async () => {
    const sessions = make();
    const link = await sessions.issueLink(partner, 'c1', '#/orders', 'https://api.example');
    expect(link.url).toMatch(/^https:\/\/api\.example\/panel-link\/[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBe('2026-12-03T10:05:00.000Z');
    await expect(sessions.issueLink({ ...partner, partnerId: 'p2' }, 'c1', null, 'https://api.example')).rejects.toThrow(
      'Customer c1 not found',
    );
    await expect(sessions.issueLink(partner, 'c1', 'javascript:alert(1)', 'https://api.example')).rejects.toThrow(RangeError);
  });

  it('opens a link once, before it expires, into a session of the customer that sign-out ends', async () => {
    const sessions = make();
    const link = secretOf((await sessions.issueLink(partner, 'c1', '#/orders', 'https://api.example')).url);
    const opened = await sessions.openLink(link);
    expect(opened?.returnPath).toBe('#/orders');
    expect(await sessions.openLink(link)).toBeNull();
    expect(await sessions.authenticate(opened!.sessionSecret)).toMatchObject({ role: 'customer', customerId: 'c1', partnerId: 'p1' });
    await sessions.end(opened!.sessionSecret);
    expect(await sessions.authenticate(opened!.sessionSecret)).toBeNull();

    const late = secretOf((await sessions.issueLink(partner, 'c1', null, 'https://api.example')).url);
    now = new Date(now.getTime() + 301_000);
    expect(await sessions.openLink(late)).toBeNull();
    expect(await sessions.openLink('not-a-secret')).toBeNull();
  });

  it('lets a session lapse after its lifetime', async () => {
    const sessions = make();
    const opened = await sessions.openLink(secretOf((await sessions.issueLink(partner, 'c1', null, 'https://api.example')).url));
    now = new Date(now.getTime() + 3_601_000);
    expect(await sessions.authenticate(opened!.sessionSecret)).toBeNull();
  });
});
