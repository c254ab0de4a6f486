import type { ApiClient, TestStack } from '@nce/testing';
import type { Route } from 'playwright-core';
import { SIGNATORY, existingAccountOrder, idempotencyKey, newAccountOrder } from '../e2e/support/orders.fixture';
import { simPost, simTenant, waitForOrder } from '../e2e/support/provisioning';
import { axeViolations } from './support/panel-axe';
import { type PanelBrowser, screenshot } from './support/panel-browser';
import { PanelWizard } from './support/panel-wizard';
import { type PanelStack, newCustomer, startPanelStack, stopPanelStack } from './support/panel-stack';

jest.setTimeout(180_000);

// Words a customer must never read: codes, API paths, developer files.
const RAW =
  /account_not_allowed|account_under_review|upstream_unavailable|retries_exhausted|\/resume|\/mca-attestation|credentials\.json|[A-Z]+_[A-Z_]{3,}/;

describe('Customer Control Panel: a storefront customers trust', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: PanelBrowser;
  let panel: PanelStack;

  beforeAll(async () => {
    panel = await startPanelStack('paneltrust');
    ({ stack, api, browser } = panel);
  });

  afterAll(() => stopPanelStack({ stack, browser }));

  // Each journey's tab (its event stream, its timers) closes with it.
  afterEach(async () => {
    for (const open of browser.context.pages()) await open.close();
  });

  async function placed(customer: { id: string; apiKey: string }, body: Record<string, unknown>): Promise<string> {
    const reply = await api.as(customer.apiKey).post('/v1/orders', body, { 'idempotency-key': idempotencyKey() });
    expect(reply.status).toBe(202);
    return reply.body.id as string;
  }

  it('hides the cancel confirmation until "Cancel order" is pressed, and "Keep the order" hides it again', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const customer = await newCustomer(panel, 'direct', 'Careful Ltd');
    const orderId = await placed(
      customer,
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
    );
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await page.goto(`${stack.apiUrl}/panel/#/orders/${orderId}`);
    await wizard.actionCard('mca_attestation');

    const confirm = page.getByRole('button', { name: 'Yes, cancel the order' });
    const keep = page.getByRole('button', { name: 'Keep the order' });
    expect(await page.getByRole('button', { name: 'Cancel order' }).isVisible()).toBe(true);
    expect(await confirm.isVisible()).toBe(false);
    expect(await keep.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Cancel order' }).click();
    expect(await confirm.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Cancel order' }).isVisible()).toBe(false);
    await keep.click();
    expect(await confirm.isVisible()).toBe(false);
    expect(await keep.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Cancel order' }).isVisible()).toBe(true);
    expect((await api.as(customer.apiKey).get(`/v1/orders/${orderId}`)).body.status).toBe('action_required');
    expect(errors).toEqual([]);
  });

  it('says in plain words why an order waits and when it is checked again, never a code or a time in the past', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', accountStatus: 'NotAllowed' });
    const customer = await newCustomer(panel, 'direct', 'Not Yet Allowed Ltd');
    const orderId = await placed(
      customer,
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
    );
    await waitForOrder(api.as(customer.apiKey), orderId, (order) => (order as { delay?: unknown }).delay !== undefined);
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await page.goto(`${stack.apiUrl}/panel/#/orders/${orderId}`);
    const delay = page.locator('[data-delay="account_not_allowed"]');
    await delay.waitFor();
    const text = (await delay.textContent()) ?? '';
    expect(text).toContain('Microsoft does not allow purchases for your Microsoft account');
    expect(text).toContain('What happens next: we check again in about 10 minutes');
    expect(text).not.toMatch(RAW);
    expect(await page.locator('[data-timeline]').textContent()).not.toMatch(RAW);
    await screenshot(page, 'waiting-in-words');
    expect(await axeViolations(page)).toEqual([]);

    // A re-check time already past reads as "in a moment", not as a time gone by.
    await page.route('**/v1/orders/*', async (route: Route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const order = await response.json();
      if (order.delay) order.delay.retryAt = new Date(Date.now() - 120_000).toISOString();
      await route.fulfill({ response, json: order });
    });
    await page.reload();
    await delay.waitFor();
    expect(await delay.textContent()).toContain('we check again in a moment');

    // A step retrying Microsoft's errors for minutes (in progress, no delay recorded) says so.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.route('**/v1/orders/*', async (route: Route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const order = await response.json();
      delete order.delay;
      order.updatedAt = new Date(Date.now() - 5 * 60_000).toISOString();
      await route.fulfill({ response, json: order });
    });
    await page.reload();
    const slow = page.locator('[data-checking="slow"]');
    await slow.waitFor();
    expect(await slow.textContent()).toContain('Microsoft is slow to answer about your Microsoft account, so we keep trying');
    expect(errors).toEqual([]);
  });

  it("asks nothing about the MCA once the relationship is accepted and the account's MCA is valid (step 9)", async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', relationship: false });
    const customer = await newCustomer(panel, 'direct', 'Accepted Later Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
    await wizard.addToCart('Microsoft 365 Business Basic', 3);
    await wizard.openCart();
    await wizard.next('Your Microsoft account');
    await page.getByLabel('Primary domain').fill(tenant.domain);
    await wizard.next();
    await page.getByRole('heading', { name: 'Partner relationship needed' }).waitFor();
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-relationship`);
    await page.getByRole('group', { name: 'Confirm if the customer partner authorization is done' }).getByLabel('Yes').check();
    await wizard.next('Qualification');
    expect(await page.locator('.stepper').textContent()).not.toContain('Agreement');
    await wizard.next('Review order');
    expect(await page.getByRole('heading', { name: 'Microsoft Customer Agreement' }).count()).toBe(0);
    await wizard.buy();
    await wizard.waitForStatus('completed');
    expect(errors).toEqual([]);
  });

  it('shows "Checking now" right after "I have done it", and the result of the re-check within seconds', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid', relationship: false });
    const customer = await newCustomer(panel, 'direct', 'Checking Ltd');
    const orderId = await placed(
      customer,
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
    );
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await page.goto(`${stack.apiUrl}/panel/#/orders/${orderId}`);
    await wizard.actionCard('relationship_acceptance');
    const card = page.locator('[data-action-type="relationship_acceptance"]');
    expect(await card.textContent()).not.toMatch(RAW);
    expect(await card.textContent()).toContain('What happens next');

    // The resume reply is held until the state before it has been seen (no race with a loaded machine).
    let release: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/v1/orders/*/resume', async (route: Route) => {
      await seen;
      await route.continue();
    });
    await page.getByRole('button', { name: 'I have done it' }).click();
    const checking = page.getByRole('status').filter({ hasText: 'Checking now' });
    await checking.waitFor({ timeout: 10_000 });
    await screenshot(page, 'checking-now');
    expect(await axeViolations(page)).toEqual([]);
    release();
    // Not accepted yet: the card comes back, saying when it was checked.
    await page.locator('[data-checked-again]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-checked-again]').textContent()).toContain('it is not done yet');

    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/accept-relationship`);
    // Clicked in the page: the card is re-rendered as events arrive, which a loaded machine can make
    // faster than Playwright's stability check (and a re-check may already have moved the order on).
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-resume]')?.click());
    await wizard.waitForStatus('completed', 15_000);
    expect(await page.locator('[data-checking]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('refuses a partner key with a clear message and no script error', async () => {
    const { page, errors } = await browser.open();
    await page.getByLabel('Customer API key').fill(stack.credentials.partners.direct.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const wizard = new PanelWizard(page);
    expect(await wizard.errorOf('Customer API key')).toContain('This is a partner key');
    expect(await page.getByRole('heading', { level: 1, name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps a deep link through the sign-in', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'stale' });
    const customer = await newCustomer(panel, 'direct', 'Deep Link Ltd');
    const orderId = await placed(
      customer,
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
    );
    const { page, errors } = await browser.open();
    await page.goto(`${stack.apiUrl}/panel/#/orders/${orderId}`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('Customer API key').fill(customer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${orderId.slice(0, 8)}` }).waitFor();
    expect(page.url()).toContain(`#/orders/${orderId}`);
    expect(errors).toEqual([]);
  });

  it('reopens a failed order in the wizard with its plans and answers at the step to fix, and orders again', async () => {
    const taken = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer(panel, 'direct', 'Second Try Ltd');
    const takenPrefix = taken.domain.replace('.onmicrosoft.com', '');
    const orderId = await placed(
      customer,
      newAccountOrder(customer.id, {
        account: { ...(newAccountOrder(customer.id).account as object), domainPrefix: takenPrefix, companyName: 'Second Try Ltd' },
      }),
    );
    await waitForOrder(api.as(customer.apiKey), orderId, (order) => order.status === 'failed');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await page.goto(`${stack.apiUrl}/panel/#/orders/${orderId}`);
    const failure = page.locator('[data-failure]');
    await failure.waitFor();
    expect(await failure.textContent()).toContain(`The domain ${taken.domain} is already used by another Microsoft tenant`);
    expect(await failure.textContent()).not.toMatch(RAW);
    await screenshot(page, 'failed-order');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Fix and order again' }).click();
    await wizard.heading('Your Microsoft account');
    expect(await page.locator('[data-cart-count]').textContent()).toBe('1');
    expect(await page.getByLabel('Company name').inputValue()).toBe('Second Try Ltd');
    expect(await page.getByLabel('Postal code').inputValue()).toBe('98052');
    expect(await wizard.errorOf('Domain prefix')).toContain(`${taken.domain} is already taken`);
    const freePrefix = `again${Date.now().toString(36)}`;
    await page.getByLabel('Domain prefix').fill('');
    await page.getByLabel('Domain prefix').pressSequentially(freePrefix);
    await page.getByText(`${freePrefix}.onmicrosoft.com is available`).waitFor();
    await wizard.next('Microsoft Customer Agreement');
    expect(await page.getByLabel('Email').inputValue()).toBe(SIGNATORY.email);
    await wizard.next('Qualification');
    await wizard.next('Review order');
    expect(await page.locator('.summary-block', { hasText: 'Plans' }).textContent()).toContain('Microsoft 365 Business Basic');
    const again = await wizard.buy();
    expect(again).not.toBe(orderId);
    await wizard.actionCard('mca_acceptance');
    expect(errors).toEqual([]);
  });

  it("names the offer attestation's conditions, lists every country and words statuses and counts", async () => {
    const customer = await newCustomer(panel, 'direct', 'Cloud PC Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
    await wizard.addToCart('Windows 365 Enterprise 2 vCPU, 8 GB, 128 GB (Windows Hybrid Benefit)', 2);
    await wizard.openCart();
    await wizard.next('Your Microsoft account');
    expect(await page.locator('[data-offer-conditions]').textContent()).toContain('Windows 10 or Windows 11 Pro');
    const described = await page.getByLabel(/Offer attestation/).getAttribute('aria-describedby');
    expect(described).toContain('offer-conditions');
    await page.getByText('Create a new Microsoft CSP account').click();
    expect(await page.getByLabel('Country').locator('option').count()).toBe(249);
    expect(await page.getByLabel('Country').inputValue()).toBe('US');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Country').selectOption({ label: 'New Zealand' });
    expect(errors).toEqual([]);
  });
});
