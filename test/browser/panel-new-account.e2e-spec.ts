import type { ApiClient, TestStack } from '@nce/testing';
import { SIGNATORY } from '../e2e/support/orders.fixture';
import { simPost, simTenant } from '../e2e/support/provisioning';
import { PHONE, type PanelBrowser, screenshot } from './support/panel-browser';
import { PanelWizard } from './support/panel-wizard';
import { type PanelStack, newCustomer, startPanelStack, stopPanelStack } from './support/panel-stack';

jest.setTimeout(180_000);

describe('Customer Control Panel: a new Microsoft account, and an education offer on a phone', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: PanelBrowser;
  let panel: PanelStack;

  beforeAll(async () => {
    panel = await startPanelStack('panelnew');
    ({ stack, api, browser } = panel);
  });

  afterAll(() => stopPanelStack({ stack, browser }));

  it('creates a new Microsoft account (domain availability checked as you type) and shows the first admin login once provisioned', async () => {
    const taken = await simTenant(stack.simUrl, { mca: 'valid' });
    const takenPrefix = taken.domain.replace('.onmicrosoft.com', '');
    const freePrefix = `panel${Date.now().toString(36)}`;
    const customer = await newCustomer(panel, 'direct', 'Brand New Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);

    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');
    await wizard.addToCart('Microsoft 365 Business Premium', 12, '1 year · Annual billing');
    await wizard.openCart();
    await wizard.next('Your Microsoft account');
    await page.getByText('Create a new Microsoft CSP account').click();
    await page.getByLabel('Domain prefix').pressSequentially(takenPrefix);
    expect(await wizard.errorOf('Domain prefix')).toContain(`${taken.domain} is already taken`);
    await page.getByLabel('Domain prefix').fill('');
    await page.getByLabel('Domain prefix').pressSequentially(freePrefix);
    await page.getByText(`${freePrefix}.onmicrosoft.com is available`).waitFor();
    await wizard.next();
    expect(await wizard.errorOf('Company name')).toContain('Required');
    expect(await wizard.errorOf('City')).toContain('Required');
    await page.getByLabel('Company name').fill('Brand New Ltd');
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Email').fill('grace@brandnew.example');
    await page.getByLabel('Phone').fill('+1 206 555 0199');
    await page.getByLabel('Address line 1').fill('1 Main Street');
    await page.getByLabel('City').fill('Seattle');
    await page.getByLabel('State or region').fill('WA');
    await page.getByLabel('Postal code').fill('98101');
    await wizard.next('Microsoft Customer Agreement');
    expect(await page.locator('.wizard-form').textContent()).toContain(
      'A new Microsoft account starts without the Microsoft Customer Agreement',
    );
    await wizard.fillSignatory(SIGNATORY);
    await wizard.next('Qualification');
    await wizard.next('Review order');
    expect(await page.locator('.summary-block', { hasText: 'Microsoft account' }).textContent()).toContain(`${freePrefix}.onmicrosoft.com`);
    const orderId = await wizard.buy();

    await wizard.actionCard('mca_acceptance');
    const [microsoftPage] = await Promise.all([page.context().waitForEvent('page'), page.locator('[data-action-link]').click()]);
    await microsoftPage.getByRole('button', { name: 'I accept the Microsoft Customer Agreement' }).click();
    await microsoftPage.getByText('The Microsoft Customer Agreement has been accepted.').waitFor();
    await microsoftPage.close();
    await page.getByRole('button', { name: 'I have accepted it' }).click();
    await wizard.waitForStatus('completed');

    await page.locator('[data-user-name]').waitFor();
    expect(await page.locator('[data-user-name]').textContent()).toBe(`admin@${freePrefix}.onmicrosoft.com`);
    expect(await page.locator('[data-password]').textContent()).toBe('••••••••••••');
    await page.getByRole('button', { name: 'Show password' }).click();
    const credentials = await api.as(customer.apiKey).get(`/v1/orders/${orderId}/admin-credentials`);
    expect(await page.locator('[data-password]').textContent()).toBe(credentials.body.password);
    await page.getByRole('button', { name: 'Hide password' }).click();
    expect(await page.locator('[data-portal-link]').getAttribute('href')).toMatch(/^https:\/\/admin\.microsoft\.com/);
    expect(await page.locator('[data-subscriptions] tbody tr').count()).toBe(1);
    // A new tenant gets its default GDAP relationship; the partner's extra roles wait for approval.
    await page.getByRole('button', { name: 'Approved Partner Roles' }).click();
    await page.locator('[data-roles-status]').waitFor();
    await screenshot(page, 'new-account');
    expect(errors).toEqual([]);
  });

  it('orders an education offer on a phone: new accounts are not offered, the education segment is asked and the review is resolved from the page', async () => {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer(panel, 'direct', 'Springfield School');
    const { page, errors } = await browser.open(PHONE);
    const wizard = new PanelWizard(page);

    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Education)');
    await wizard.addToCart('Microsoft 365 A3 for faculty', 40);
    await wizard.openCart();
    await wizard.next('Your Microsoft account');
    expect(await page.getByLabel(/Create a new Microsoft CSP account/).isDisabled()).toBe(true);
    expect(await page.getByText('Only existing customers can be qualified to purchase Education offers').isVisible()).toBe(true);
    await page.getByLabel('Primary domain').fill(tenant.domain);
    await wizard.next('Qualification');
    // Keyboard only from here: the new step's heading has the focus, an error moves it to its field.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Qualification');
    await wizard.next();
    expect(await wizard.errorOfGroup('Education segment')).toContain('Choose K12 or Higher Education');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('K12');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next');
    await page.keyboard.press('Enter');
    await wizard.heading('Review order');
    expect(await page.locator('.summary-block', { hasText: 'Qualification' }).textContent()).toContain('Education segmentK12');
    await wizard.buy();

    // Microsoft vets the institution; once decided, "Check again" moves the order on.
    await wizard.actionCard('education_review');
    await simPost(stack.simUrl, `/_sim/tenants/${tenant.tenantId}/vetting`, { qualification: 'Education', vettingStatus: 'Approved' });
    await page.getByRole('button', { name: 'Check again' }).click();
    await wizard.waitForStatus('completed');
    await screenshot(page, 'education-phone');
    // Readable on a phone: nothing makes the page scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
