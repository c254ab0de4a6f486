import type { ApiClient, TestStack } from '@nce/testing';
import type { Route } from 'playwright-core';
import { SIGNATORY, existingAccountOrder, idempotencyKey } from '../e2e/support/orders.fixture';
import { simPost, simTenant } from '../e2e/support/provisioning';
import { type PanelBrowser, screenshot } from './support/panel-browser';
import { PanelWizard } from './support/panel-wizard';
import { type PanelStack, newCustomer, startPanelStack, stopPanelStack } from './support/panel-stack';

jest.setTimeout(180_000);

describe('Customer Control Panel: existing Microsoft accounts', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: PanelBrowser;
  let panel: PanelStack;

  beforeAll(async () => {
    panel = await startPanelStack('panelexist');
    ({ stack, api, browser } = panel);
  });

  afterAll(() => stopPanelStack({ stack, browser }));

  it('serves the panel publicly with a strict content security policy, and GET /v1/me tells who a key belongs to', async () => {
    const redirect = await fetch(`${stack.apiUrl}/panel`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const page = await fetch(`${stack.apiUrl}/panel/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="app.js">');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${stack.apiUrl}/panel/app.js.map`)).status).toBe(404);

    const customer = stack.credentials.customers[2];
    const me = await api.as(customer.apiKey).get('/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      role: 'customer',
      customer: { id: customer.id, name: customer.name },
      partner: {
        id: customer.partnerId,
        name: 'Demo Indirect Reseller',
        channel: 'indirect',
        customerSelfOrdering: true,
        customerMcaAttestation: true,
      },
    });
    const partner = await api.as(stack.credentials.partners.direct.apiKey).get('/v1/me');
    expect(partner.body).toMatchObject({ role: 'partner', partner: { channel: 'direct' } });
    expect(partner.body.customer).toBeUndefined();
    expect((await api.as(stack.credentials.operator.apiKey).get('/v1/me')).status).toBe(403);
    expect((await api.get('/v1/me')).status).toBe(401);
  });

  it('orders several plans for an account with a valid MCA, follows the order live (reconnecting with Last-Event-ID) and shows the subscriptions and partner roles', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer(panel, 'direct', 'Valid MCA Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);

    // The first event stream answers one event and ends: the page must reconnect after it.
    const eventRequests: Array<string | null> = [];
    await page.route('**/v1/orders/*/events', async (route: Route) => {
      eventRequests.push(route.request().headers()['last-event-id'] ?? null);
      if (eventRequests.length > 1) return route.continue();
      const listed = await fetch(route.request().url(), {
        headers: { authorization: route.request().headers().authorization, accept: 'application/json' },
      });
      const [first] = ((await listed.json()) as { items: Array<{ sequence: number; type: string }> }).items;
      await route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `retry: 50\n\nid: ${first.sequence}\nevent: ${first.type}\ndata: ${JSON.stringify(first)}\n\n`,
      });
    });

    await page.getByLabel('Customer API key').waitFor();
    await screenshot(page, 'sign-in');
    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
    await screenshot(page, 'catalogue-commercial');
    const basic = page.locator('li.plan', { has: page.getByRole('heading', { name: 'Microsoft 365 Business Basic', exact: true }) });
    expect(await basic.locator('dl').textContent()).toContain('1 to 300');
    await wizard.addToCart('Microsoft 365 Business Basic', 5, '1 year · Monthly billing');
    await wizard.addToCart('Microsoft 365 Business Standard', 3);
    await wizard.addToCart('Office 365 E3', 2);
    expect(await page.locator('[data-cart-count]').textContent()).toBe('3');

    await wizard.openCart();
    await page.getByLabel('Licences').first().fill('500');
    await wizard.next();
    expect(await wizard.errorOf(/^Licences/)).toContain('Enter a whole number from 1 to 300');
    await page.getByLabel('Licences').first().fill('7');
    await page.getByRole('button', { name: 'Remove Office 365 E3' }).click();
    await page.locator('li.cart-line', { hasText: 'Office 365 E3' }).waitFor({ state: 'detached' });
    expect(await page.locator('li.cart-line').count()).toBe(2);
    await page.getByLabel('Licences').first().fill('7');
    await wizard.next('Your Microsoft account');

    await page.getByLabel('Primary domain').fill('not a domain');
    await wizard.next();
    expect(await wizard.errorOf('Primary domain')).toContain('mytenantdomain.onmicrosoft.com');
    await page.getByLabel('Primary domain').fill(tenant.domain);
    // A valid MCA: nothing is asked about it, the wizard goes straight to the qualification.
    await wizard.next('Qualification');
    expect(await page.getByRole('group', { name: 'Education segment' }).count()).toBe(0);
    await wizard.next('Review order');
    expect(await page.getByRole('heading', { name: 'Microsoft Customer Agreement' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Buy' }).click();
    expect(await wizard.errorOf('I have read and agree to the Terms of Service')).toContain('Agree to the Terms of Service');
    const orderId = await wizard.buy();

    await wizard.waitForStatus('completed');
    expect(eventRequests[0]).toBeNull();
    expect(eventRequests[1]).toBe('1');
    const timeline = page.locator('[data-timeline] li');
    await page.locator('[data-timeline] li[data-type="order.completed"]').waitFor();
    const sequences = await timeline.evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
    expect(sequences).toEqual(sequences.map((_value, index) => index + 1));
    expect(await page.locator('[data-timeline]').getAttribute('aria-live')).toBe('polite');

    const rows = page.locator('[data-subscriptions] tbody tr');
    expect(await rows.count()).toBe(2);
    const basicRow = await rows.filter({ hasText: 'Microsoft 365 Business Basic' }).locator('td.number').textContent();
    expect(basicRow).toBe('7');
    expect(await page.locator('[data-portal-link]').getAttribute('href')).toMatch(/^https:\/\/admin\.microsoft\.com/);
    expect(await page.locator('[data-admin-login]').textContent()).toBe('');

    // Completion starts a GDAP check: the partner's roles wait for the customer's approval.
    const rolesButton = page.getByRole('button', { name: 'Approved Partner Roles' });
    const approval = page.locator('[data-approval-link]');
    await wizard.pressUntil(rolesButton, approval);
    const approvalUrl = (await approval.getAttribute('href'))!;
    expect(approvalUrl).toMatch(/granularAdminRelationships\/[^/]+$/);
    await simPost(stack.simUrl, `/_sim/gdap/${approvalUrl.split('/').pop()}/approve`);
    await wizard.pressUntil(rolesButton, page.locator('[data-roles-status="approved"]'));
    await page.getByRole('button', { name: 'Approved Partner Roles' }).focus();
    await screenshot(page, 'existing-account-valid-mca');

    expect((await api.as(customer.apiKey).get(`/v1/orders/${orderId}`)).body.status).toBe('completed');

    // The customer is now linked to that tenant: a next order can only use it.
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
    await wizard.addToCart('Office 365 E3', 25);
    await wizard.openCart();
    await wizard.next('Your Microsoft account');
    expect(await page.getByLabel(/Create a new Microsoft CSP account/).isDisabled()).toBe(true);
    expect(await page.getByLabel('Primary domain').inputValue()).toBe(tenant.domain);
    expect(await page.getByLabel('Primary domain').getAttribute('readonly')).toBe('');
    expect(errors).toEqual([]);
  });

  it('asks for the MCA attestation when the account has none, and completes once the customer accepts the agreement from the order page', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'missing' });
    const customer = await newCustomer(panel, 'direct', 'Missing MCA Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);

    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
    await wizard.addToCart('Microsoft 365 Business Premium', 10);
    await wizard.openCart();
    await wizard.next('Your Microsoft account');
    await page.getByLabel('Primary domain').fill(tenant.domain);
    await wizard.next('Microsoft Customer Agreement');
    expect(await page.locator('.wizard-form').textContent()).toContain(
      'It has never been accepted for this account, or Microsoft has expired or revoked it',
    );
    await wizard.next();
    expect(await wizard.errorOf('First name')).toContain('Required');
    expect(await wizard.errorOf('Phone')).toContain('Required');
    await wizard.fillSignatory({ ...SIGNATORY, email: 'not-an-email' });
    await wizard.next();
    expect(await wizard.errorOf('Email')).toContain('Enter an email address');
    await page.getByLabel('Email').fill(SIGNATORY.email);
    await wizard.next('Qualification');
    await page.getByText('State Owned Entity', { exact: true }).click();
    await wizard.next('Review order');
    expect(await page.locator('.summary-block', { hasText: 'Microsoft Customer Agreement' }).textContent()).toContain('Ada Lovelace');
    expect(await page.locator('.summary-block', { hasText: 'Qualification' }).textContent()).toContain('State-owned entityYes');
    await wizard.buy();

    // Microsoft asks the signatory to accept on its own page: the link opens it, the button re-checks.
    await wizard.actionCard('mca_acceptance');
    await screenshot(page, 'existing-account-mca-acceptance');
    const [microsoftPage] = await Promise.all([page.context().waitForEvent('page'), page.locator('[data-action-link]').click()]);
    await microsoftPage.getByRole('button', { name: 'I accept the Microsoft Customer Agreement' }).click();
    await microsoftPage.getByText('The Microsoft Customer Agreement has been accepted.').waitFor();
    await microsoftPage.close();
    await page.getByRole('button', { name: 'I have accepted it' }).click();
    await wizard.waitForStatus('completed');
    await page.locator('[data-timeline] li[data-type="order.completed"]').waitFor();
    expect(await page.locator('[data-timeline] li[data-type="order.action_required"]').count()).toBe(1);
    await screenshot(page, 'existing-account-mca-missing');
    expect(errors).toEqual([]);
  });

  it('completes, from its order page, an order placed without the MCA signatory: the attestation form, then the acceptance', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const customer = await newCustomer(panel, 'direct', 'Stale MCA Ltd');
    const client = api.as(customer.apiKey);
    const placed = await client.post(
      '/v1/orders',
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    expect(placed.status).toBe(202);
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);

    await wizard.signIn(customer.apiKey);
    await page.getByRole('link', { name: 'Orders' }).click();
    await wizard.heading('Your orders');
    await page.getByRole('link', { name: (placed.body.id as string).slice(0, 8) }).click();
    await wizard.actionCard('mca_attestation');
    expect(await page.locator('[data-action-type="mca_attestation"]').textContent()).toContain('before 2023-04-01');
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await wizard.errorOf('Last name')).toContain('Required');
    await wizard.fillSignatory(SIGNATORY);
    await page.getByRole('button', { name: 'Send' }).click();
    await wizard.actionCard('mca_acceptance');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-mca`);
    await page.getByRole('button', { name: 'I have accepted it' }).click();
    await wizard.waitForStatus('completed');
    await screenshot(page, 'existing-account-mca-from-order-page');
    expect(errors).toEqual([]);
  });

  it('cancels a parked order from its order page, after a change of mind', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const customer = await newCustomer(panel, 'direct', 'Second Thoughts Ltd');
    const placed = await api
      .as(customer.apiKey)
      .post(
        '/v1/orders',
        existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
        { 'idempotency-key': idempotencyKey() },
      );
    expect(placed.status).toBe(202);
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);

    await wizard.signIn(customer.apiKey);
    await page.goto(`${stack.apiUrl}/panel/#/orders/${placed.body.id as string}`);
    await wizard.actionCard('mca_attestation');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Keep the order' }).click();
    expect(await page.getByRole('button', { name: 'Cancel order' }).evaluate((button) => button === document.activeElement)).toBe(true);
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the order' }).click();
    await wizard.waitForStatus('cancelled');
    await page.locator('[data-timeline] li[data-type="order.cancelled"]').waitFor();
    expect(await page.locator('[data-cancel-order]').count()).toBe(0);
    expect((await api.as(customer.apiKey).get(`/v1/orders/${placed.body.id as string}`)).body.status).toBe('cancelled');
    await screenshot(page, 'existing-account-cancelled');
    expect(errors).toEqual([]);
  });

  it('walks an indirect customer through the partner relationship, the partner-of-record attestation and a partner-kept MCA, and resumes the order from the page', async () => {
    const indirectPartner = api.as(stack.credentials.partners.indirect.apiKey);
    expect((await indirectPartner.put('/v1/partner/settings', { customerMcaAttestation: false })).status).toBe(200);
    try {
      const tenant = await simTenant(stack.simUrl, { mca: 'valid', relationship: false });
      const customer = await newCustomer(panel, 'indirect', 'No Relationship Ltd');
      const { page, errors } = await browser.open();
      const wizard = new PanelWizard(page);

      await wizard.signIn(customer.apiKey);
      await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
      await wizard.addToCart('Microsoft 365 Business Basic', 4);
      await wizard.openCart();
      await wizard.next('Your Microsoft account');
      await page.getByLabel('Primary domain').fill(tenant.domain);
      await wizard.next();
      // The relationship step: the invitation link ("here") and the confirmation, focused.
      await page.getByRole('heading', { name: 'Partner relationship needed' }).waitFor();
      const invitation = page.locator('[data-invitation-link]');
      await page.waitForFunction(() => document.querySelector('[data-invitation-link]')?.getAttribute('href')?.startsWith('http'));
      expect(await invitation.textContent()).toBe('here');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Partner relationship needed');
      await page.getByRole('group', { name: 'Confirm if the customer partner authorization is done' }).getByLabel('No').check();
      await wizard.next();
      expect(await wizard.errorOfGroup('Confirm if the customer partner authorization is done')).toContain('choose Yes');
      await page.getByRole('group', { name: 'Confirm if the customer partner authorization is done' }).getByLabel('Yes').check();
      await wizard.next();
      expect(await wizard.errorOf(/Partner of Record attestation/)).toContain('required in this sales model');
      await page.getByLabel(/Partner of Record attestation/).check();
      await wizard.next('Microsoft Customer Agreement');
      await page.locator('[data-partner-attests]').waitFor();
      expect(await page.locator('[data-partner-attests]').textContent()).toContain('Your partner will confirm the agreement');
      expect(await page.getByLabel('First name').count()).toBe(0);
      await wizard.next('Qualification');
      await wizard.next('Review order');
      await wizard.buy();

      await wizard.actionCard('relationship_acceptance');
      expect(await page.locator('[data-action-link]').getAttribute('href')).toMatch(/^https?:\/\//);
      await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-relationship`);
      await page.getByRole('button', { name: 'I have done it' }).click();
      await wizard.waitForStatus('completed');
      await screenshot(page, 'existing-account-relationship');
      expect(errors).toEqual([]);
    } finally {
      await indirectPartner.put('/v1/partner/settings', { customerMcaAttestation: true });
    }
  });
});
