import { type ApiClient, type TestStack, runToCompletion, waitFor } from '@nce/testing';
import type { Page, Request } from 'playwright-core';
import { existingAccountOrder, idempotencyKey } from '../e2e/support/orders.fixture';
import { simPost, simTenant, waitForOrder } from '../e2e/support/provisioning';
import { axeViolations } from './support/panel-axe';
import { type PanelBrowser, screenshot } from './support/panel-browser';
import { PanelWizard } from './support/panel-wizard';
import { type PanelStack, newCustomer, startPanelStack, stopPanelStack } from './support/panel-stack';

jest.setTimeout(240_000);

// Subscription changes (issue 17) from the Subscriptions page, against the real stack: the API takes
// the change, the worker PATCHes the simulator's subscription, the page follows the change live.
// Business Basic, 1 year billed monthly, at Microsoft's estimated retail price: $6.00 per licence per month.

type Subscription = {
  id: string;
  quantity: number;
  syncedAt: string | null;
  autoRenew?: boolean | null;
  status: string;
  cancellableUntil?: string;
  commitmentEndDate: string;
  refundableQuantity?: Array<{ quantity: number; allowedUntil: string }>;
};

// The panel's one date format, in the browser's time zone (UTC here, panel-browser.ts).
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const panelDate = (iso: string) => `${DAY.format(new Date(iso))}, ${TIME.format(new Date(iso))}`;

describe('Customer Control Panel: subscription changes on the Subscriptions page', () => {
  let stack: TestStack;
  let api: ApiClient;
  let browser: PanelBrowser;
  let panel: PanelStack;

  beforeAll(async () => {
    panel = await startPanelStack('panelsubs');
    ({ stack, api, browser } = panel);
  });

  afterAll(() => stopPanelStack({ stack, browser }));

  /** A customer with one provisioned Business Basic subscription of 5 licences (bought just now). */
  async function provisioned(name: string): Promise<{ customer: { id: string; apiKey: string }; subscription: Subscription }> {
    const tenant = await simTenant(stack.simUrl, { mca: 'valid' });
    const customer = await newCustomer(panel, 'direct', name);
    const client = api.as(customer.apiKey);
    const order = await client.post(
      '/v1/orders',
      existingAccountOrder(customer.id, { account: { type: 'existing', domain: tenant.domain, relationshipConfirmed: true } }),
      { 'idempotency-key': idempotencyKey() },
    );
    expect(order.status).toBe(202);
    await waitForOrder(client, order.body.id as string, (view) => view.status === 'completed', 60_000);
    // Our copy of it is read from Partner Center right after the purchase (autoRenew, windows, deadline).
    const subscription = await waitFor(
      async () => {
        const [listed] = (await client.get('/v1/subscriptions')).body.items as Subscription[];
        return listed?.syncedAt ? listed : undefined;
      },
      { timeoutMs: 30_000, what: 'the subscription read from Partner Center' },
    );
    return { customer, subscription };
  }

  async function openSubscription(page: Page, wizard: PanelWizard, apiKey: string): Promise<void> {
    await wizard.signIn(apiKey);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscriptions' }).click();
    await wizard.heading('Your subscriptions');
    await page.getByRole('link', { name: 'Microsoft 365 Business Basic', exact: true }).click();
    await wizard.heading('Microsoft 365 Business Basic');
    await page.locator('[data-action]').first().waitFor();
  }

  /** Waits until the page shows this change (`heading`, e.g. "Licences from 5 to 8: Done") finished. */
  async function waitForChange(page: Page, status: 'completed' | 'failed', heading: string): Promise<void> {
    await page.locator(`[data-change] [data-change-status="${status}"] h2`, { hasText: heading }).waitFor({ timeout: 60_000 });
    await page.locator(`[data-timeline] li[data-type="subscription_change.${status}"]`).waitFor();
    // The page reads the subscription again after the change: the actions come back.
    await page.locator('[data-actions] fieldset:not([disabled])').or(page.locator('[data-not-active]')).waitFor();
  }

  it('adds licences and then removes some inside the refundable window, each explained, confirmed and followed live', async () => {
    const { customer, subscription } = await provisioned('More Licences Ltd');
    const client = api.as(customer.apiKey);
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    const posts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/v1/subscriptions/${subscription.id}/changes`)) posts.push(request);
    });
    await openSubscription(page, wizard, customer.apiKey);

    const licences = page.getByLabel('Number of licences');
    expect(await licences.inputValue()).toBe('5');
    const [purchase] = subscription.refundableQuantity ?? [];
    expect(purchase?.quantity).toBe(5);
    expect(await page.locator('[data-refundable]').textContent()).toContain(
      `You can still remove up to 5 licences: 5 until ${panelDate(purchase.allowedUntil)}.`,
    );

    // What the API would refuse is refused in the form, next to the field.
    await licences.fill('0');
    await page.getByRole('button', { name: 'Review change' }).click();
    expect(await wizard.errorOf('Number of licences')).toContain('Enter a whole number from 1 to 300');
    await licences.fill('5');
    await page.getByRole('button', { name: 'Review change' }).click();
    expect(await wizard.errorOf('Number of licences')).toContain('You have 5 licences already');

    await licences.fill('8');
    expect(await page.locator('[data-quantity-effect]').textContent()).toBe(
      'Adding 3 licences. You pay $18.00 more per month (3 licences × $6.00): $48.00 per month in all.',
    );
    await page.getByRole('button', { name: 'Review change' }).click();
    expect(await page.locator('[data-confirm="quantity"] p').textContent()).toContain('Change from 5 to 8 licences?');
    // The first attempt gets no answer: pressing again sends the same action with the same key.
    await page.route('**/v1/subscriptions/*/changes', (route) => route.abort('failed'), { times: 1 });
    await page.getByRole('button', { name: 'Yes, change to 8 licences' }).click();
    await page.locator('[data-action-error="quantity"]', { hasText: 'the change is sent at most once' }).waitFor();
    await page.getByRole('button', { name: 'Yes, change to 8 licences' }).click();
    await waitForChange(page, 'completed', 'Licences from 5 to 8: Done');
    // The page reads the subscription again after the change.
    await page.locator('[data-quantity]', { hasText: /^8$/ }).waitFor();
    expect((await client.get(`/v1/subscriptions/${subscription.id}`)).body.quantity).toBe(8);
    expect(posts).toHaveLength(2);
    expect(posts[1].headers()['idempotency-key']).toBe(posts[0].headers()['idempotency-key']);
    expect(await page.locator('[data-timeline]').getAttribute('aria-live')).toBe('polite');

    // Removing: the five bought and the three just added are all inside their 7-day windows.
    expect(await page.locator('[data-refundable]').getAttribute('data-refundable')).toBe('8');
    await page.getByLabel('Number of licences').fill('2');
    expect(await page.locator('[data-quantity-effect]').textContent()).toBe(
      'Removing 6 licences. You pay $36.00 less per month (6 licences × $6.00): $12.00 per month in all.',
    );
    await page.getByRole('button', { name: 'Review change' }).click();
    expect(await page.locator('[data-confirm="quantity"] p').textContent()).toContain('Microsoft refunds the removed licences');
    await screenshot(page, 'subscription-licences');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Yes, change to 2 licences' }).click();
    await waitForChange(page, 'completed', 'Licences from 8 to 2: Done');
    await page.locator('[data-quantity]', { hasText: /^2$/ }).waitFor();
    expect((await client.get(`/v1/subscriptions/${subscription.id}`)).body.quantity).toBe(2);
    expect(posts).toHaveLength(3);
    expect(posts[2].headers()['idempotency-key']).not.toBe(posts[0].headers()['idempotency-key']);
    expect(await page.locator('[data-changes] li').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('cancels inside the window after a confirmation that says what happens', async () => {
    const { customer, subscription } = await provisioned('Changed Mind Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await openSubscription(page, wizard, customer.apiKey);

    expect(subscription.cancellableUntil).toBeDefined();
    expect(await page.locator('[data-cancel-deadline]').textContent()).toBe(`Cancel before ${panelDate(subscription.cancellableUntil!)}`);
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    const confirmation = await page.locator('[data-confirm="cancel"] p').textContent();
    expect(confirmation).toContain('All 5 licences are removed');
    expect(confirmation).toContain('prorated refund');
    await page.getByRole('button', { name: 'Keep the subscription' }).click();
    expect(await page.getByRole('button', { name: 'Cancel subscription' }).evaluate((button) => button === document.activeElement)).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    expect(
      await page.getByRole('button', { name: 'Yes, cancel the subscription' }).evaluate((button) => button === document.activeElement),
    ).toBe(true);
    await page.getByRole('button', { name: 'Yes, cancel the subscription' }).click();
    await waitForChange(page, 'completed', 'Cancel the subscription: Done');
    await page.locator('[data-not-active]').waitFor();
    expect(await page.locator('[data-subscription-status]').textContent()).toBe('Cancelled');
    expect(await page.locator('[data-cancel-subscription]').count()).toBe(0);
    expect((await api.as(customer.apiKey).get(`/v1/subscriptions/${subscription.id}`)).body.status).toBe('deleted');
    await screenshot(page, 'subscription-cancelled');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('switches auto-renew off, with the renewal date explained before and after', async () => {
    const { customer, subscription } = await provisioned('No Renewal Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await openSubscription(page, wizard, customer.apiKey);
    const end = DAY.format(new Date(subscription.commitmentEndDate));

    const toggle = page.getByRole('switch', { name: 'Auto-renew' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await page.locator('[data-auto-renew-explained]').textContent()).toContain(`renews on ${end}`);
    await toggle.click();
    await waitForChange(page, 'completed', 'Auto-renew off: Done');
    await page.locator('[data-auto-renew="off"]').waitFor();
    expect(await page.getByRole('switch', { name: 'Auto-renew' }).getAttribute('aria-checked')).toBe('false');
    expect(await page.locator('[data-auto-renew-explained]').textContent()).toContain(`ends on ${end} and is not renewed`);
    expect((await api.as(customer.apiKey).get(`/v1/subscriptions/${subscription.id}`)).body.autoRenew).toBe(false);
    await screenshot(page, 'subscription-auto-renew');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a change waiting for Microsoft in words with the other actions disabled, then done once Microsoft answers', async () => {
    const { customer } = await provisioned('Slow Microsoft Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await openSubscription(page, wizard, customer.apiKey);
    // Microsoft throttles every PATCH: the change waits visibly (it was not processed, so it is resent).
    await setFaults([{ method: 'PATCH', path: '^/v1/customers/[^/]+/subscriptions/', kind: '429', retryAfterSeconds: 1 }]);
    try {
      await page.getByRole('switch', { name: 'Auto-renew' }).click();
      await page.locator('[data-change] [data-change-status="in_progress"], [data-change] [data-change-status="accepted"]').waitFor();
      expect(await page.locator('[data-actions] fieldset').getAttribute('disabled')).toBe('');
      expect(await page.locator('[data-in-flight]').textContent()).toContain('A change is being applied');
      await page.locator('[data-change] [data-delay]').waitFor({ timeout: 60_000 });
      const words = await page.locator('[data-change-words]').textContent();
      expect(words).toContain('Microsoft Partner Center asked us to slow down');
      expect(words).toContain('The change is safe and is applied once only');
      expect(words).not.toMatch(/[a-z]+_[a-z]+/);
      await screenshot(page, 'subscription-change-waiting');
      // Opened again, the page finds the change in flight (pendingChange) and follows it.
      await page.reload();
      await page.locator('[data-change] [data-delay]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-actions] fieldset').getAttribute('disabled')).toBe('');
    } finally {
      await setFaults(null);
    }
    await waitForChange(page, 'completed', 'Auto-renew off: Done');
    await page.locator('[data-auto-renew="off"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('refuses in words a reduction once the 7-day window has closed, and explains why cancelling is no longer offered', async () => {
    const { customer, subscription } = await provisioned('Too Late Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await openSubscription(page, wizard, customer.apiKey);
    await page.locator('[data-cancel-deadline]').waitFor();

    // Eight days pass while the page is open; our side reads Microsoft again (the ops command).
    expect((await simPost(stack.simUrl, `/_sim/subscriptions/${subscription.id}/age`, { hours: 8 * 24 })).ok).toBe(true);
    await runToCompletion('ops-cli', ['sync-subscriptions', '--customer', customer.id], stack.env);

    await page.getByLabel('Number of licences').fill('3');
    await page.getByRole('button', { name: 'Review change' }).click();
    const [refusal] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/changes')),
      page.getByRole('button', { name: 'Yes, change to 3 licences' }).click(),
    ]);
    expect(refusal.status()).toBe(422);
    const problem = (await refusal.json()) as { code: string; detail: string };
    expect(problem.code).toBe('REFUND_WINDOW_CLOSED');
    const shown = page.locator('[data-action-error="quantity"]');
    await page.locator('[data-action-error="quantity"]:not(:empty)').waitFor();
    expect(await shown.textContent()).toContain(problem.detail.replace(/\.$/, ''));
    expect(await shown.textContent()).not.toContain('REFUND_WINDOW_CLOSED');
    expect(await shown.getAttribute('role')).toBe('alert');

    await page.reload();
    await page.locator('[data-cancel-closed]').waitFor();
    expect(await page.locator('[data-cancel-closed]').textContent()).toContain('can no longer be cancelled');
    expect(await page.locator('[data-refundable]').getAttribute('data-refundable')).toBe('0');
    await page.getByLabel('Number of licences').fill('4');
    await page.getByRole('button', { name: 'Review change' }).click();
    expect(await wizard.errorOf('Number of licences')).toContain('the 7-day window has closed');
    await screenshot(page, 'subscription-window-closed');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows in words a reduction Microsoft refuses because its window closed before our copy knew it, with nothing changed', async () => {
    const { customer, subscription } = await provisioned('Stale Copy Ltd');
    const { page, errors } = await browser.open();
    const wizard = new PanelWizard(page);
    await openSubscription(page, wizard, customer.apiKey);
    // Time passes at Microsoft only: our copy still shows the window open, so the API takes the change.
    expect((await simPost(stack.simUrl, `/_sim/subscriptions/${subscription.id}/age`, { hours: 8 * 24 })).ok).toBe(true);

    await page.getByLabel('Number of licences').fill('3');
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('button', { name: 'Yes, change to 3 licences' }).click();
    await waitForChange(page, 'failed', 'Licences from 5 to 3: Not changed');
    const changeId = await page.locator('[data-change] [data-change-id]').getAttribute('data-change-id');
    const change = await api.as(customer.apiKey).get(`/v1/subscription-changes/${changeId}`);
    expect(change.body.failure).toMatchObject({ code: 'REFUND_WINDOW_CLOSED' });
    const words = await page.locator('[data-change-words]').textContent();
    expect(words).toContain('The 7-day window has closed.');
    expect(words).toContain('Nothing was changed.');
    expect(words).not.toContain('REFUND_WINDOW_CLOSED');
    expect(await page.locator('[data-timeline] li[data-type="subscription_change.failed"]').textContent()).toContain(
      'Not changed: the 7-day window has closed',
    );
    expect(await page.locator('[data-quantity]').textContent()).toBe('5');
    await screenshot(page, 'subscription-change-failed');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  async function setFaults(rules: unknown[] | null): Promise<void> {
    const response = await fetch(
      `${stack.simUrl}/_sim/faults`,
      rules ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) } : { method: 'DELETE' },
    );
    if (!response.ok) throw new Error(`faults: HTTP ${response.status}`);
  }
});
