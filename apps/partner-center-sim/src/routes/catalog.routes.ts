import type { FastifyRequest } from 'fastify';
import { authGuard } from '../http/auth.guard';
import { normaliseEnum } from '../http/casing';
import { SimulatedApiError, invalidInput } from '../http/error-body';
import type { RouteRegistrar, SimContext } from '../sim-context';
import { type CatalogSegment, catalogItemIdOf, type SeedProduct, type SeedSku } from '../state/catalog.seed';
import { availabilityView, productView, skuView } from '../views/catalog.view';
import { collection } from '../views/links';
import { customerWithRelationship, param, query } from './customer-access';

const SEGMENTS: readonly CatalogSegment[] = ['commercial', 'education', 'government', 'nonprofit'];
/** Views Partner Center knows; only OnlineServices holds NCE licence products, the others are empty here. */
const TARGET_VIEWS = [
  'OnlineServices',
  'Azure',
  'AzureReservations',
  'Software',
  'SoftwarePerpetual',
  'SoftwareSubscriptions',
  'SpecializedOffers',
] as const;

interface Scope {
  country: string;
  /** '' for the partner catalog, `/customers/{id}` for customer-scoped variants. */
  base: string;
}

function scopeOf(context: SimContext, request: FastifyRequest): Scope {
  const customerId = param(request, 'customerId');
  if (customerId !== '') {
    const tenant = customerWithRelationship(context, customerId);
    return { country: tenant.billingProfile.defaultAddress.country, base: `/customers/${tenant.id}` };
  }
  const country = query(request, 'country');
  if (country === undefined || !/^[A-Za-z]{2}$/.test(country)) throw invalidInput('country (ISO 3166-1 alpha-2) is required.');
  return { country: country.toUpperCase(), base: '' };
}

function segmentFilter(request: FastifyRequest): CatalogSegment | undefined {
  const raw = query(request, 'targetSegment') ?? query(request, 'segment');
  if (raw === undefined) return undefined;
  const segment = normaliseEnum(raw, SEGMENTS);
  if (segment === undefined) throw new SimulatedApiError(403, 400030, `The target segment ${raw} is not allowed.`, { isRetryable: false });
  return segment;
}

function notFound(what: string): SimulatedApiError {
  return new SimulatedApiError(404, 1000, `${what} was not found.`, { isRetryable: false });
}

function productOf(context: SimContext, request: FastifyRequest): SeedProduct {
  const product = context.state.catalog.product(param(request, 'productId'));
  if (product === undefined) throw notFound(`Product ${param(request, 'productId')}`);
  return product;
}

function skuOf(context: SimContext, request: FastifyRequest, product: SeedProduct): SeedSku {
  const sku = context.state.catalog.sku(product.id, param(request, 'skuId'));
  if (sku === undefined) throw notFound(`Sku ${param(request, 'skuId')}`);
  return sku;
}

export const registerCatalogRoutes: RouteRegistrar = (app, context) => {
  const anyToken = authGuard(context, 'partner-center');
  const catalog = context.state.catalog;

  for (const prefix of ['/v1', '/v1/customers/:customerId']) {
    app.get(`${prefix}/products`, { onRequest: anyToken }, (request, reply) => {
      const scope = scopeOf(context, request);
      const view = query(request, 'targetView');
      if (view === undefined) throw invalidInput('targetView is required.');
      const targetView = normaliseEnum(view, TARGET_VIEWS);
      if (targetView === undefined)
        throw new SimulatedApiError(403, 400036, `The target view ${view} is not allowed.`, { isRetryable: false });
      const segment = segmentFilter(request);
      const products =
        targetView !== 'OnlineServices'
          ? []
          : catalog
              .allProducts()
              .filter(
                (product) =>
                  segment === undefined ||
                  product.skus.some((sku) => sku.availabilities.some((availability) => availability.segment === segment)),
              );
      return reply.send(
        collection(
          products.map((product) => productView(product, scope.country, scope.base)),
          `${scope.base}/products?country=${scope.country}&targetView=${targetView}`,
        ),
      );
    });

    app.get(`${prefix}/products/:productId`, { onRequest: anyToken }, (request, reply) => {
      const scope = scopeOf(context, request);
      return reply.send(productView(productOf(context, request), scope.country, scope.base));
    });

    app.get(`${prefix}/products/:productId/skus`, { onRequest: anyToken }, (request, reply) => {
      const scope = scopeOf(context, request);
      const product = productOf(context, request);
      const segment = segmentFilter(request);
      const skus = product.skus.filter(
        (sku) => segment === undefined || sku.availabilities.some((availability) => availability.segment === segment),
      );
      return reply.send(
        collection(
          skus.map((sku) => skuView(product, sku, scope.country, scope.base)),
          `${scope.base}/products/${product.id}/skus?country=${scope.country}`,
        ),
      );
    });

    app.get(`${prefix}/products/:productId/skus/:skuId`, { onRequest: anyToken }, (request, reply) => {
      const scope = scopeOf(context, request);
      const product = productOf(context, request);
      return reply.send(skuView(product, skuOf(context, request, product), scope.country, scope.base));
    });

    app.get(`${prefix}/products/:productId/skus/:skuId/availabilities`, { onRequest: anyToken }, (request, reply) => {
      const scope = scopeOf(context, request);
      const product = productOf(context, request);
      const sku = skuOf(context, request, product);
      const segment = segmentFilter(request);
      const items = sku.availabilities
        .filter((availability) => segment === undefined || availability.segment === segment)
        .map((availability) =>
          availabilityView(
            product,
            sku,
            availability,
            scope.country,
            catalog.isPurchasable(catalogItemIdOf(product.id, sku.id, availability.id)),
            scope.base,
          ),
        );
      return reply.send(collection(items, `${scope.base}/products/${product.id}/skus/${sku.id}/availabilities?country=${scope.country}`));
    });

    app.get(`${prefix}/products/:productId/skus/:skuId/availabilities/:availabilityId`, { onRequest: anyToken }, (request, reply) => {
      const scope = scopeOf(context, request);
      const product = productOf(context, request);
      const sku = skuOf(context, request, product);
      const availability = catalog.availability(product.id, sku.id, param(request, 'availabilityId'));
      if (availability === undefined) throw notFound(`Availability ${param(request, 'availabilityId')}`);
      return reply.send(
        availabilityView(
          product,
          sku,
          availability,
          scope.country,
          catalog.isPurchasable(catalogItemIdOf(product.id, sku.id, availability.id)),
          scope.base,
        ),
      );
    });
  }

  app.get('/v1/productpromotions', { onRequest: anyToken }, (_request, reply) => reply.send(collection([], '/productpromotions')));
};
