import { CATALOG_SEED, type SeedProduct, type SeedTerm } from './catalog.seed';
import { currencyOf } from './country-rules';

// The new commerce license-based price sheet (GET /v1.0/sales/pricesheets(Market,PricesheetView)/$value
// with PricesheetView 'updatedlicensebased'), built from the seeded catalog.
//
// Documented (learn.microsoft.com/partner-center/developer/get-a-price-sheet): the path, the Market
// (two-letter country) and PricesheetView parameters, the timeline (current | history | future) and
// month (YYYYMM, history only) filters, App+User authentication only, a CSV file stream answered as
// application/octet-stream with `Content-Disposition: attachment; filename=pricesheet`, and the
// columns of its example: ProductTitle, ProductId, SkuId, SkuTitle, Publisher, SkuDescription,
// UnitOfMeasure, TermDuration, Market, Currency, UnitPrice, PricingTierRangeMin, PricingTierRangeMax,
// EffectiveStartDate, EffectiveEndDate, Tags.
// ASSUMED (not in the documentation read): the license-based columns BillingPlan, ERP Price and
// Segment, and their meaning here: UnitPrice is the partner's price per licence per billing period
// (so a P1Y term billed annually costs twelve months), ERP Price the estimated retail price for the
// same period; the price levels (below), the exchange rates and the 20 % premium of monthly terms.

export const PRICE_SHEET_COLUMNS = [
  'ProductTitle',
  'ProductId',
  'SkuId',
  'SkuTitle',
  'Publisher',
  'SkuDescription',
  'UnitOfMeasure',
  'TermDuration',
  'BillingPlan',
  'Market',
  'Currency',
  'UnitPrice',
  'PricingTierRangeMin',
  'PricingTierRangeMax',
  'EffectiveStartDate',
  'EffectiveEndDate',
  'Tags',
  'ERP Price',
  'Segment',
] as const;

/** Estimated retail price in USD per licence per month on a one-year term (assumed levels). */
const MONTHLY_ERP_USD: Readonly<Record<string, number>> = {
  CFQ7TTC0LH18: 6,
  CFQ7TTC0LDPB: 12.5,
  CFQ7TTC0LCHC: 22,
  CFQ7TTC0LF8Q: 23,
  CFQ7TTC0EDU1: 3.25,
  CFQ7TTC0W365: 41,
};
const DEFAULT_MONTHLY_ERP_USD = 10;
/** Partner price = ERP less this share (assumed CSP margin). */
const PARTNER_DISCOUNT = 0.2;
/** Monthly terms cost 20 % more than annual ones (Microsoft's announced NCE premium). */
const MONTHLY_TERM_PREMIUM = 1.2;
/** Assumed exchange rates from USD, by currency. */
const USD_RATES: Readonly<Record<string, number>> = { USD: 1, EUR: 0.92, GBP: 0.79, CAD: 1.36, AUD: 1.52, CHF: 0.88, JPY: 150 };

const BILLING_PLAN: Readonly<Record<string, string>> = { monthly: 'Monthly', annual: 'Annual', triennial: 'Triennial' };
const MONTHS_PER_PERIOD: Readonly<Record<string, number>> = { monthly: 1, annual: 12, triennial: 36 };

export type Timeline = 'current' | 'history' | 'future';

function round(value: number, currency: string): number {
  const decimals = currency === 'JPY' ? 0 : 2;
  return Math.round(value * 10 ** decimals) / 10 ** decimals;
}

function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The period a sheet covers: the current month, a past month (YYYYMM) or the next month. */
export function sheetPeriod(timeline: Timeline, month: string | undefined, now: Date): { start: Date; end: Date } {
  let start = monthStart(now);
  if (timeline === 'future') start = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  if (timeline === 'history' && month) start = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(4, 6)) - 1, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) - 1000);
  return { start, end };
}

function termRow(
  product: SeedProduct,
  sku: SeedProduct['skus'][number],
  segment: string,
  term: SeedTerm,
  market: string,
  currency: string,
  period: { start: Date; end: Date },
): string[] {
  const rate = USD_RATES[currency] ?? 1;
  const perMonth = (MONTHLY_ERP_USD[product.id] ?? DEFAULT_MONTHLY_ERP_USD) * rate * (term.duration === 'P1M' ? MONTHLY_TERM_PREMIUM : 1);
  const erp = round(perMonth * MONTHS_PER_PERIOD[term.billingCycle], currency);
  const unit = round(erp * (1 - PARTNER_DISCOUNT), currency);
  return [
    product.title,
    product.id,
    sku.id,
    sku.title,
    'Microsoft Corporation',
    sku.description,
    '1 License',
    term.duration,
    BILLING_PLAN[term.billingCycle],
    market,
    currency,
    String(unit),
    '',
    '',
    period.start.toISOString(),
    period.end.toISOString(),
    'License',
    String(erp),
    segment.charAt(0).toUpperCase() + segment.slice(1),
  ];
}

/** Every purchasable term of the catalog, priced for a market, as CSV rows (header first). */
export function priceSheetCsv(
  market: string,
  period: { start: Date; end: Date },
  retired: ReadonlySet<string>,
  seed: readonly SeedProduct[] = CATALOG_SEED,
): string {
  const currency = currencyOf(market).code;
  const rows: string[][] = [];
  for (const product of seed) {
    for (const sku of product.skus) {
      for (const availability of sku.availabilities) {
        if (retired.has(`${product.id}:${sku.id}:${availability.id}`.toUpperCase())) continue;
        for (const term of availability.terms) rows.push(termRow(product, sku, availability.segment, term, market, currency, period));
      }
    }
  }
  return [[...PRICE_SHEET_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
