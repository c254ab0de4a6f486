import type { ApiClient, TestStack } from '@nce/testing';
import { existingAccountOrder, idempotencyKey } from '../e2e/support/orders.fixture';
import { simTenant } from '../e2e/support/provisioning';
import { axeViolations } from './support/panel-axe';
import { type PanelBrowser, screenshot } from './support/panel-browser';
import { PanelWizard } from './support/panel-wizard';
import { type PanelStack, newCustomer, panelLink, startPanelStack, stopPanelStack } from './support/panel-stack';

jest.setTimeout(180_000);

// Long enough for a loaded machine to open a fresh link, short enough to wait out.
const LINK_TTL_SECONDS = 10;

describe("Customer Control Panel: sign-in through a partner's single-use link (cookie session)", () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: PanelBrowser;
  let panel: PanelStack;

  beforeAll(async () => {
    panel = await startPanelStack('panelsess', { PANEL_LINK_TTL_SECONDS: String(LINK_TTL_SECONDS) });
    ({ stack, api, browser } = panel);
  });

  afterAll(() => stopPanelStack({ stack, browser }));

  afterEach(async () => {
    for (const open of browser.context.pages()) await open.close();
    await browser.context.clearCookies();
  });

  it("lets only the customer's own partner ask for a link, valid for minutes", async () => {
    const customer = await newCustomer(panel, 'direct', 'Linked Ltd');
    const link = await panelLink(panel, 'direct', customer.id);
    expect(link.url).toMatch(new RegExp(`^${stack.apiUrl}/panel-link/[A-Za-z0-9_-]{43}$`));
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(LINK_TTL_SECONDS * 1000);
    expect((await api.as(stack.credentials.partners.indirect.apiKey).post(`/v1/customers/${customer.id}/panel-sessions`, {})).status).toBe(
      404,
    );
    expect((await api.as(customer.apiKey).post(`/v1/customers/${customer.id}/panel-sessions`, {})).status).toBe(403);
    expect(
      (
        await api
          .as(stack.credentials.partners.direct.apiKey)
          .post(`/v1/customers/${customer.id}/panel-sessions`, { returnPath: 'https://evil.example' })
      ).status,
    ).toBe(400);
  });

  it('signs in once with an HttpOnly, SameSite=Strict cookie and no key in the browser; a reused link is refused; sign-out ends the session', async () => {
    const customer = await newCustomer(panel, 'direct', 'Cookie Ltd');
    const link = await panelLink(panel, 'direct', customer.id);
    const { page, errors } = await browser.open();
    await page.goto(link.url);
    const wizard = new PanelWizard(page);
    await wizard.heading('Marketplace');
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).toContain('Cookie Ltd');
    const [cookie] = await browser.context.cookies(stack.apiUrl);
    expect(cookie).toMatchObject({ name: 'nce_panel_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('nce_');
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(cookie.value);

    // The session is the customer's, for reads and (with the panel header, same origin) for changes.
    const headers = { cookie: `nce_panel_session=${cookie.value}` };
    const me = await fetch(`${stack.apiUrl}/v1/me`, { headers });
    expect(((await me.json()) as { customer: { id: string } }).customer.id).toBe(customer.id);
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const order = existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } });
    const post = (extra: Record<string, string>) =>
      fetch(`${stack.apiUrl}/v1/orders`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': idempotencyKey(), ...extra },
        body: JSON.stringify(order),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-nce-panel': '1', origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ 'x-nce-panel': '1', origin: stack.apiUrl })).status).toBe(202);

    // Sign-out ends the session on the server: the old cookie no longer works.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect((await fetch(`${stack.apiUrl}/v1/me`, { headers })).status).toBe(401);
    expect(await browser.context.cookies(stack.apiUrl)).toEqual([]);

    // The link works once.
    const again = await browser.open();
    await again.page.goto(link.url);
    await again.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await again.page.locator('[data-link-problem]').textContent()).toContain('has expired or has already been used');
    await screenshot(again.page, 'sign-in-link-used');
    expect(await axeViolations(again.page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });

  it('refuses an expired link', async () => {
    const customer = await newCustomer(panel, 'direct', 'Late Ltd');
    const link = await panelLink(panel, 'direct', customer.id);
    await new Promise((resolve) => setTimeout(resolve, LINK_TTL_SECONDS * 1000 + 500));
    const { page, errors } = await browser.open();
    await page.goto(link.url);
    await page.locator('[data-link-problem]').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(0);
    expect(await browser.context.cookies(stack.apiUrl)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps deep links through the sign-in: the one the link names, and the page opened before signing in', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const customer = await newCustomer(panel, 'direct', 'Deep Ltd');
    const placed = await api
      .as(customer.apiKey)
      .post(
        '/v1/orders',
        existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
        { 'idempotency-key': idempotencyKey() },
      );
    const orderId = placed.body.id as string;

    const named = await panelLink(panel, 'direct', customer.id, { returnPath: `#/orders/${orderId}` });
    const first = await browser.open();
    await first.page.goto(named.url);
    await first.page.getByRole('heading', { level: 1, name: `Order ${orderId.slice(0, 8)}` }).waitFor();
    await first.page.context().clearCookies();

    const { page, errors } = await browser.open();
    await page.goto(`${stack.apiUrl}/panel/#/orders/${orderId}`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.goto((await panelLink(panel, 'direct', customer.id)).url);
    await page.getByRole('heading', { level: 1, name: `Order ${orderId.slice(0, 8)}` }).waitFor();
    expect(errors).toEqual([]);
    expect(first.errors).toEqual([]);
  });
});
