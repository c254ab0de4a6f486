import type { CallContext } from '../domain/common.model';
import {
  type Availability,
  type CatalogQuery,
  NCE_PRODUCT_TYPE_ID,
  type NceOfferRow,
  type Product,
  type Sku,
} from '../domain/catalog.model';
import type { PartnerCenterTransport } from './transport.port';
import type { HttpMethod } from './route';
import { type LicensePriceRow, parseLicensePriceSheet } from '../domain/price-sheet.model';
import { type CallSpec, partnerCenterCall } from './call-builder';
import { collectPartnerCenterPages } from './paging';
import { CATALOG_CONCURRENCY, mapBounded, withCatalogRetries } from './catalog-sync-policy';

const call = (method: HttpMethod, template: string, spec: CallSpec) => partnerCenterCall('catalog', method, template, spec);

/** Products, SKUs and availabilities: the `catalog` dependency (app-only; both flows work). */
export class CatalogApi {
  /** `pricingUrl`: the Partner API host of the price sheets (api.partner.microsoft.com), if not the Partner Center one. */
  constructor(
    private readonly transport: PartnerCenterTransport,
    private readonly pricingUrl?: string,
  ) {}

  /**
   * The new commerce license-based price sheet of a market (GET /v1.0/sales/pricesheets(Market,
   * PricesheetView='updatedlicensebased')/$value, App+User only), current month, uncompressed CSV.
   */
  async getLicensePriceSheet(market: string, context?: CallContext): Promise<LicensePriceRow[]> {
    const request = call('GET', "/v1.0/sales/pricesheets(Market='{market}',PricesheetView='{view}')/$value", {
      params: { market: market.toLowerCase(), view: 'updatedlicensebased' },
      context,
    });
    if (this.pricingUrl) request.route = { ...request.route, path: `${this.pricingUrl.replace(/\/$/, '')}${request.route.path}` };
    const response = await this.transport.send<unknown>(request);
    return parseLicensePriceSheet(typeof response.body === 'string' ? response.body : '');
  }

  async listProducts(query: CatalogQuery, context?: CallContext): Promise<Product[]> {
    const spec = {
      query: { country: query.country, targetView: query.targetView ?? 'OnlineServices', targetSegment: query.targetSegment },
      context,
    };
    return collectPartnerCenterPages<Product>(this.transport, call('GET', '/v1/products', spec));
  }

  async listSkus(productId: string, query: CatalogQuery, context?: CallContext): Promise<Sku[]> {
    const spec = { params: { productId }, query: { country: query.country, targetSegment: query.targetSegment }, context };
    return collectPartnerCenterPages<Sku>(this.transport, call('GET', '/v1/products/{productId}/skus', spec));
  }

  async getSku(productId: string, skuId: string, country: string, context?: CallContext): Promise<Sku> {
    const spec = { params: { productId, skuId }, query: { country }, context };
    return (await this.transport.send<Sku>(call('GET', '/v1/products/{productId}/skus/{skuId}', spec))).body;
  }

  async listAvailabilities(productId: string, skuId: string, query: CatalogQuery, context?: CallContext): Promise<Availability[]> {
    const spec = {
      params: { productId, skuId },
      query: { country: query.country, targetSegment: query.targetSegment },
      context,
    };
    const template = '/v1/products/{productId}/skus/{skuId}/availabilities';
    return collectPartnerCenterPages<Availability>(this.transport, call('GET', template, spec));
  }

  /**
   * Every purchasable NCE plan for a country and segment as flat rows. catalogItemIds are re-issued
   * over time, so callers read them fresh rather than caching them for long.
   */
  async listNceOffers(country: string, segment: string, context?: CallContext): Promise<NceOfferRow[]> {
    const query: CatalogQuery = { country, targetSegment: segment };
    const products = (await withCatalogRetries(() => this.listProducts(query, context))).filter(
      (product) => product.productType?.id === NCE_PRODUCT_TYPE_ID,
    );
    // A bounded number of calls in flight (the catalog has hundreds of SKUs), each retried on 429/5xx.
    const skusOf = await mapBounded(products, CATALOG_CONCURRENCY, async (product) => ({
      product,
      skus: await withCatalogRetries(() => this.listSkus(product.id, query, context)),
    }));
    const pairs = skusOf.flatMap(({ product, skus }) => skus.map((sku) => ({ product, sku })));
    const rows = await mapBounded(pairs, CATALOG_CONCURRENCY, async ({ product, sku }) =>
      toRows(product, sku, await withCatalogRetries(() => this.listAvailabilities(product.id, sku.id, query, context))),
    );
    return rows.flat();
  }
}

function toRows(product: Product, sku: Sku, availabilities: Availability[]): NceOfferRow[] {
  return availabilities
    .filter((availability) => availability.isPurchasable !== false)
    .map((availability) => ({
      catalogItemId: availability.catalogItemId,
      productId: product.id,
      skuId: sku.id,
      availabilityId: availability.id,
      title: sku.title || product.title,
      segment: availability.segment,
      terms: (availability.terms ?? []).map((term) => ({ termDuration: term.duration, billingCycle: term.billingCycle })),
      minQuantity: sku.minimumQuantity,
      maxQuantity: sku.maximumQuantity,
      requiresOfferAttestation: sku.attestationProperties?.enforceAttestation === true,
    }));
}
