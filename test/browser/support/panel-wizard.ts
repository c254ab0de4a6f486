import { waitFor } from '@nce/testing';
import type { Locator, Page } from 'playwright-core';

/** The steps a person takes in the panel, by the labels and roles they see. */
export class PanelWizard {
  constructor(readonly page: Page) {}

  async signIn(apiKey: string): Promise<void> {
    await this.page.getByLabel('Customer API key').fill(apiKey);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.heading('Marketplace');
  }

  async heading(name: string): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name }).waitFor();
  }

  async openCatalogue(tile: 'NCE Microsoft 365 (Commercial)' | 'NCE Microsoft 365 (Education)'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Marketplace' }).click();
    await this.heading('Marketplace');
    await this.page
      .getByRole('link', { name: /Microsoft NCE Catalogue/ })
      .first()
      .click();
    await this.heading('Microsoft NCE Catalogue');
    await this.page.getByRole('link', { name: new RegExp(tile.replace(/[()]/g, '\\$&')) }).click();
    await this.heading(tile);
  }

  async addToCart(title: string, licences: number, term?: string): Promise<void> {
    const card = this.page.locator('li.plan', { has: this.page.getByRole('heading', { name: title, exact: true }) });
    if (term) await card.getByLabel('Term and billing').selectOption({ label: term });
    await card.getByLabel('Licences').fill(String(licences));
    await card.getByRole('button', { name: 'Add to Cart' }).click();
    await card.getByText('Added to your cart.').waitFor();
  }

  async openCart(): Promise<void> {
    await this.page.getByRole('link', { name: /^Cart/ }).click();
    await this.heading('Review your cart');
  }

  async next(expectedHeading?: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Next' }).click();
    if (expectedHeading) await this.heading(expectedHeading);
  }

  /** The error shown next to a control (the element its aria-describedby names). */
  async errorOf(label: string | RegExp): Promise<string> {
    const control = this.page.getByLabel(label).first();
    await control.and(this.page.locator('[aria-invalid="true"]')).waitFor();
    const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ');
    const texts = await Promise.all(ids.map((id) => this.page.locator(`[id="${id}"]`).textContent()));
    return texts.filter(Boolean).join(' ');
  }

  async errorOfGroup(legend: string): Promise<string> {
    const group = this.page.getByRole('group', { name: legend });
    await group.and(this.page.locator('[aria-invalid="true"]')).waitFor();
    const ids = ((await group.getAttribute('aria-describedby')) ?? '').split(' ');
    const texts = await Promise.all(ids.map((id) => this.page.locator(`[id="${id}"]`).textContent()));
    return texts.filter(Boolean).join(' ');
  }

  async fillSignatory(values: { firstName: string; lastName: string; email: string; phoneNumber: string }): Promise<void> {
    await this.page.getByLabel('First name').fill(values.firstName);
    await this.page.getByLabel('Last name').fill(values.lastName);
    await this.page.getByLabel('Email').fill(values.email);
    await this.page.getByLabel('Phone').fill(values.phoneNumber);
  }

  async buy(): Promise<string> {
    await this.page.getByLabel('I have read and agree to the Terms of Service').check();
    await this.page.getByRole('button', { name: 'Buy' }).click();
    await this.page.waitForURL(/#\/orders\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop()!;
  }

  async waitForStatus(status: string, timeout = 60_000): Promise<void> {
    await this.page.locator(`[data-order-status][data-status="${status}"]`).waitFor({ timeout });
  }

  /** Presses a re-check button (each press starts a fresh check) until `until` shows. */
  async pressUntil(button: Locator, until: Locator): Promise<void> {
    await waitFor(
      async () => {
        if ((await until.count()) > 0) return true;
        await button.click();
        return (await until.count()) > 0;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the result of the re-check' },
    );
  }

  async actionCard(type: string): Promise<void> {
    await this.page.locator(`[data-action-type="${type}"]`).waitFor();
  }
}
