import type { CatalogPlan } from '../domain/catalog-plan.model';
import type { CatalogRepository } from './catalog.ports';

const REFRESH_MS = 30_000;

/**
 * Read side of the catalog for intake: plans cached in memory and refreshed every 30 s, so
 * validating an order costs no query. A sync in another process is seen within that window.
 */
export class CatalogQuery {
  private plans: CatalogPlan[] = [];
  private byItem = new Map<string, CatalogPlan[]>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly repository: CatalogRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  async listPlans(): Promise<CatalogPlan[]> {
    await this.ensureFresh();
    return this.plans;
  }

  async plansFor(catalogItemId: string): Promise<CatalogPlan[]> {
    await this.ensureFresh();
    return this.byItem.get(catalogItemId) ?? [];
  }

  invalidate(): void {
    this.loadedAt = 0;
  }

  private async ensureFresh(): Promise<void> {
    if (this.clock() - this.loadedAt < REFRESH_MS && this.plans.length > 0) return;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const plans = await this.repository.listAll();
    const byItem = new Map<string, CatalogPlan[]>();
    for (const plan of plans) byItem.set(plan.catalogItemId, [...(byItem.get(plan.catalogItemId) ?? []), plan]);
    this.plans = plans;
    this.byItem = byItem;
    this.loadedAt = this.clock();
  }
}
