import type { ApiClient, TestStack } from '@nce/testing';
import { BUSINESS_BASIC, BUSINESS_STANDARD, existingAccountOrder, idempotencyKey } from '../e2e/support/orders.fixture';
import { simTenant, waitForOrder } from '../e2e/support/provisioning';
import { axeViolations } from './support/panel-axe';
import { type PanelBrowser, screenshot } from './support/panel-browser';
import { PanelWizard } from './support/panel-wizard';
import { type PanelStack, newCustomer, startPanelStack, stopPanelStack } from './support/panel-stack';

jest.setTimeout(180_000);

type Plan = {
  catalogItemId: string;
  termDuration: string;
  billingCycle: string;
  price?: { unitPrice: number; currency: string; billingCycle: string };
};

// The simulator's price sheet (apps/partner-center-sim/src/state/price-sheet.ts), market US:
// Business Basic ERP $6.00 per licence per month on a one-year term, partner price 20 % below;
// Business Standard ERP $12.50; monthly terms 20 % more; annual billing twelve months at once.
describe("Customer Control Panel: prices from Microsoft's price sheet with the partner's pricing", () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: PanelBrowser;
  let panel: PanelStack;

  beforeAll(async () => {
    panel = await startPanelStack('panelprice');
    ({ stack, api, browser } = panel);
  });

  afterAll(() => stopPanelStack({ stack, browser }));

  function priceIn(items: Plan[], catalogItemId: string, termDuration: string, billingCycle: string): Plan['price'] {
    return items.find(
      (plan) => plan.catalogItemId === catalogItemId && plan.termDuration === termDuration && plan.billingCycle === billingCycle,
    )?.price;
  }

  it('serves the new commerce license-based price sheet the way Partner Center does', async () => {
    const token = await fetch(`${stack.simUrl}/common/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'x',
        client_secret: 'y',
        resource: 'https://api.partnercenter.microsoft.com',
      }),
    });
    const appOnly = ((await token.json()) as { access_token: string }).access_token;
    const path = `${stack.simUrl}/v1.0/sales/pricesheets(Market='us',PricesheetView='updatedlicensebased')/$value`;
    // App+User only, as documented.
    expect((await fetch(path, { headers: { authorization: `Bearer ${appOnly}` } })).status).toBe(403);
    expect((await fetch(path)).status).toBe(401);
  });

  it("prices every plan: Microsoft's retail price by default, then the partner's markup per segment or its own price list", async () => {
    const customer = await newCustomer(panel, 'direct', 'Price Check Ltd');
    const offers = await api.as(customer.apiKey).get('/v1/catalog/offers');
    const items = offers.body.items as Plan[];
    expect(priceIn(items, BUSINESS_BASIC, 'P1Y', 'monthly')).toEqual({ unitPrice: 6, currency: 'USD', billingCycle: 'monthly' });
    expect(priceIn(items, BUSINESS_BASIC, 'P1Y', 'annual')).toEqual({ unitPrice: 72, currency: 'USD', billingCycle: 'annual' });
    expect(priceIn(items, BUSINESS_BASIC, 'P1M', 'monthly')).toEqual({ unitPrice: 7.2, currency: 'USD', billingCycle: 'monthly' });
    expect(JSON.stringify(offers.body)).not.toContain('msPrice');

    const partner = api.as(stack.credentials.partners.direct.apiKey);
    const invalid = await partner.put('/v1/partner/settings', {
      pricing: { markupPercent: { commercial: -5, education: null }, priceList: [] },
    });
    expect(invalid.status).toBe(400);
    const updated = await partner.put('/v1/partner/settings', {
      pricing: {
        markupPercent: { commercial: 50, education: null },
        priceList: [{ catalogItemId: BUSINESS_STANDARD, termDuration: 'P1Y', billingCycle: 'monthly', unitPrice: 11.11 }],
      },
    });
    expect(updated.status).toBe(200);
    const priced = (await api.as(customer.apiKey).get('/v1/catalog/offers')).body.items as Plan[];
    // 6.00 less the 20 % partner discount = 4.80, plus 50 % = 7.20.
    expect(priceIn(priced, BUSINESS_BASIC, 'P1Y', 'monthly')?.unitPrice).toBe(7.2);
    expect(priceIn(priced, BUSINESS_STANDARD, 'P1Y', 'monthly')?.unitPrice).toBe(11.11);
    // 12.50 × 12 × 0.8 × 1.5
    expect(priceIn(priced, BUSINESS_STANDARD, 'P1Y', 'annual')?.unitPrice).toBe(180);
  });

  it('shows unit prices and totals per billing period on the catalogue, cart, review and order, and keeps the agreed prices on the order', async () => {
    const partner = api.as(stack.credentials.partners.direct.apiKey);
    await partner.put('/v1/partner/settings', {
      pricing: {
        markupPercent: { commercial: 50, education: null },
        priceList: [{ catalogItemId: BUSINESS_STANDARD, termDuration: 'P1Y', billingCycle: 'monthly', unitPrice: 11.11 }],
      },
    });
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer(panel, 'direct', 'Priced Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await wizard.openCatalogue('NCE Microsoft 365 (Commercial)');

    const basic = page.locator('li.plan', { has: page.getByRole('heading', { name: 'Microsoft 365 Business Basic', exact: true }) });
    expect(await basic.locator('[data-plan-price]').textContent()).toContain('$7.20 per licence per month');
    await basic.getByLabel('Licences').fill('5');
    expect(await basic.locator('[data-plan-total]').textContent()).toBe('5 licences: $36.00 per month');
    await basic.getByLabel('Term and billing').selectOption({ label: '1 year · Annual billing' });
    expect(await basic.locator('[data-plan-price]').textContent()).toContain('$86.40 per licence per year');
    await basic.getByLabel('Term and billing').selectOption({ label: '1 year · Monthly billing' });
    await screenshot(page, 'catalogue-prices');
    expect(await axeViolations(page)).toEqual([]);
    await wizard.addToCart('Microsoft 365 Business Basic', 5, '1 year · Monthly billing');
    await wizard.addToCart('Microsoft 365 Business Standard', 2, '1 year · Annual billing');

    await wizard.openCart();
    expect(await page.locator('[data-line-price="0"]').textContent()).toBe('$7.20 per licence per month · 5 licences: $36.00 per month');
    expect(await page.locator('[data-totals] [data-total="monthly"]').textContent()).toBe('$36.00 excluding taxes');
    expect(await page.locator('[data-totals] [data-total="annual"]').textContent()).toBe('$360.00 excluding taxes');
    // The totals follow the form as it is typed.
    await page.getByLabel('Licences').first().fill('10');
    expect(await page.locator('[data-totals] [data-total="monthly"]').textContent()).toBe('$72.00 excluding taxes');
    await page.getByLabel('Licences').first().fill('5');
    await screenshot(page, 'cart-prices');
    expect(await axeViolations(page)).toEqual([]);
    await wizard.next('Your Microsoft account');
    await page.getByLabel('Primary domain').fill(tenant.domain);
    await wizard.next('Qualification');
    await wizard.next('Review order');
    const review = page.locator('[data-review-items]');
    expect(await review.locator('tr[data-line] td[data-unit-price]').allTextContents()).toEqual(['$7.20 per month', '$180.00 per year']);
    expect(await review.locator('tr[data-line] td[data-line-total]').allTextContents()).toEqual(['$36.00 per month', '$360.00 per year']);
    expect(await review.locator('tfoot tr[data-total="monthly"]').textContent()).toContain('$36.00');
    expect(await review.locator('tfoot tr[data-total="annual"]').textContent()).toContain('$360.00');
    await screenshot(page, 'review-prices');
    expect(await axeViolations(page)).toEqual([]);
    const orderId = await wizard.buy();

    const orderTable = page.locator('[data-order-items]');
    await orderTable.waitFor();
    expect(await orderTable.locator('tr[data-line] td[data-unit-price]').allTextContents()).toEqual([
      '$7.20 per month',
      '$180.00 per year',
    ]);
    await wizard.waitForStatus('completed');
    expect(await page.locator('[data-order-items] tfoot tr[data-total="monthly"]').textContent()).toContain('$36.00');
    await screenshot(page, 'order-prices');
    expect(await axeViolations(page)).toEqual([]);

    // Stored with the order and carried by its events (the webhook bodies): later changes don't move them.
    await partner.put('/v1/partner/settings', { pricing: { markupPercent: { commercial: 0, education: null }, priceList: [] } });
    const order = await api.as(customer.apiKey).get(`/v1/orders/${orderId}`);
    expect(order.body.items).toEqual([
      {
        catalogItemId: BUSINESS_BASIC,
        quantity: 5,
        termDuration: 'P1Y',
        billingCycle: 'monthly',
        price: { unitPrice: 7.2, currency: 'USD', billingCycle: 'monthly' },
      },
      {
        catalogItemId: BUSINESS_STANDARD,
        quantity: 2,
        termDuration: 'P1Y',
        billingCycle: 'annual',
        price: { unitPrice: 180, currency: 'USD', billingCycle: 'annual' },
      },
    ]);
    expect(order.body.totals).toEqual([
      { billingCycle: 'monthly', currency: 'USD', amount: 36 },
      { billingCycle: 'annual', currency: 'USD', amount: 360 },
    ]);
    const events = await api.as(customer.apiKey).get(`/v1/orders/${orderId}/events`, { accept: 'application/json' });
    const accepted = (events.body.items as Array<{ type: string; data: { items: unknown } }>).find(
      (event) => event.type === 'order.accepted',
    );
    expect(accepted?.data.items).toEqual(order.body.items);
    const now = (await api.as(customer.apiKey).get('/v1/catalog/offers')).body.items as Plan[];
    expect(priceIn(now, BUSINESS_BASIC, 'P1Y', 'monthly')?.unitPrice).toBe(4.8);
    await page.reload();
    await page.locator('[data-order-items]').waitFor();
    expect(await page.locator('[data-order-items] tr[data-line] td[data-unit-price]').first().textContent()).toBe('$7.20 per month');
    expect(errors).toEqual([]);
  });

  it('lists every subscription of the customer across orders on the Subscriptions page, each linking to its order', async () => {
    const partner = api.as(stack.credentials.partners.direct.apiKey);
    await partner.put('/v1/partner/settings', { pricing: { markupPercent: { commercial: null, education: null }, priceList: [] } });
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer(panel, 'direct', 'Many Subscriptions Ltd');
    const other = await newCustomer(panel, 'direct', 'Someone Else Ltd');
    const client = api.as(customer.apiKey);
    const account = { type: 'existing', domain: tenant.domain, relationshipConfirmed: true };
    const first = (await client.post('/v1/orders', existingAccountOrder(customer.id, { account }), { 'idempotency-key': idempotencyKey() }))
      .body.id as string;
    await waitForOrder(client, first, (order) => order.status === 'completed', 60_000);
    const second = (
      await client.post(
        '/v1/orders',
        existingAccountOrder(customer.id, {
          account,
          items: [{ catalogItemId: BUSINESS_STANDARD, quantity: 3, termDuration: 'P1Y', billingCycle: 'annual' }],
        }),
        { 'idempotency-key': idempotencyKey() },
      )
    ).body.id as string;
    await waitForOrder(client, second, (order) => order.status === 'completed', 60_000);

    const listed = await client.get('/v1/subscriptions');
    const items = listed.body.items as Array<Record<string, unknown>>;
    expect(items.map((item) => item.orderId)).toEqual([second, first]);
    expect(items[0]).toMatchObject({
      customerId: customer.id,
      catalogItemId: BUSINESS_STANDARD,
      title: 'Microsoft 365 Business Standard',
      quantity: 3,
      status: 'active',
      termDuration: 'P1Y',
      billingCycle: 'annual',
      price: { unitPrice: 150, currency: 'USD', billingCycle: 'annual' },
    });
    expect(typeof items[0].commitmentEndDate).toBe('string');
    expect((await client.get(`/v1/subscriptions/${items[1].id as string}`)).body).toMatchObject({
      orderId: first,
      quantity: 5,
      price: { unitPrice: 6 },
    });
    expect((await api.as(other.apiKey).get('/v1/subscriptions')).body.items).toEqual([]);
    expect((await api.as(other.apiKey).get(`/v1/subscriptions/${items[1].id as string}`)).status).toBe(404);
    expect(((await partner.get(`/v1/subscriptions?customerId=${customer.id}`)).body.items as unknown[]).length).toBe(2);
    const paged = await client.get('/v1/subscriptions?limit=1');
    expect((paged.body.items as unknown[]).length).toBe(1);
    expect(
      (
        (await client.get(`/v1/subscriptions?limit=1&cursor=${paged.body.nextCursor as string}`)).body.items as Array<{ orderId: string }>
      )[0].orderId,
    ).toBe(first);

    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await wizard.signIn(customer.apiKey);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscriptions' }).click();
    await wizard.heading('Your subscriptions');
    const rows = page.locator('[data-subscriptions-list] tbody tr[data-subscription]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: 'subscriptions' }).textContent()).toBe('2 subscriptions, 8 licences in all.');
    const standard = rows.filter({ hasText: 'Microsoft 365 Business Standard' });
    expect(await standard.locator('td[data-price]').textContent()).toContain('$450.00 per year');
    expect(await standard.locator('td[data-label="Status"]').textContent()).toBe('Active');
    expect(await standard.locator('td[data-label="Renewal date"]').textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
    await screenshot(page, 'subscriptions');
    expect(await axeViolations(page)).toEqual([]);
    await rows
      .filter({ hasText: 'Microsoft 365 Business Basic' })
      .getByRole('link', { name: /^Order / })
      .click();
    await wizard.heading(`Order ${first.slice(0, 8)}`);
    expect(errors).toEqual([]);
  });
});
