import { CATALOG_SEED, type SeedAvailability, type SeedProduct, type SeedSku, catalogItemIdOf } from './catalog.seed';

export interface CatalogItem {
  catalogItemId: string;
  product: SeedProduct;
  sku: SeedSku;
  availability: SeedAvailability;
}

/** O(1) lookups over the seed; the seed itself never changes, only the retired set does. */
export class CatalogIndex {
  private readonly products = new Map<string, SeedProduct>();
  private readonly skus = new Map<string, SeedSku>();
  private readonly items = new Map<string, CatalogItem>();
  /** Catalog drift knob: items Microsoft no longer sells (cart line error CatalogItemIdIsNotValid). */
  readonly retired = new Set<string>();

  constructor(seed: readonly SeedProduct[] = CATALOG_SEED) {
    for (const product of seed) {
      this.products.set(product.id.toUpperCase(), product);
      for (const sku of product.skus) {
        this.skus.set(`${product.id}:${sku.id}`.toUpperCase(), sku);
        for (const availability of sku.availabilities) {
          const catalogItemId = catalogItemIdOf(product.id, sku.id, availability.id);
          this.items.set(catalogItemId.toUpperCase(), { catalogItemId, product, sku, availability });
        }
      }
    }
  }

  allProducts(): SeedProduct[] {
    return [...this.products.values()];
  }

  product(productId: string): SeedProduct | undefined {
    return this.products.get(productId.toUpperCase());
  }

  sku(productId: string, skuId: string): SeedSku | undefined {
    return this.skus.get(`${productId}:${skuId}`.toUpperCase());
  }

  availability(productId: string, skuId: string, availabilityId: string): SeedAvailability | undefined {
    return this.items.get(catalogItemIdOf(productId, skuId, availabilityId).toUpperCase())?.availability;
  }

  item(catalogItemId: string): CatalogItem | undefined {
    return this.items.get(catalogItemId.toUpperCase());
  }

  isPurchasable(catalogItemId: string): boolean {
    return !this.retired.has(catalogItemId.toUpperCase());
  }
}
