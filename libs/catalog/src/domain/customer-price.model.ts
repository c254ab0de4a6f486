import type { CatalogPlan, Segment } from './catalog-plan.model';

/**
 * How a partner prices plans for its customers (partner settings `pricing`): its own price list
 * wins; otherwise Microsoft's partner price with the segment's markup; with no markup set, Microsoft's
 * estimated retail price (ERP). Prices are per licence per billing period, in the catalog's currency
 * (the market's, from Microsoft's price sheet).
 */
export interface PricingSettings {
  /** Percent added to Microsoft's partner price, per segment; null: sell at Microsoft's ERP. */
  markupPercent: Record<Segment, number | null>;
  priceList: PriceListEntry[];
}

export interface PriceListEntry {
  catalogItemId: string;
  termDuration: string;
  billingCycle: string;
  unitPrice: number;
}

export interface PlanPrice {
  unitPrice: number;
  currency: string;
  billingCycle: string;
}

export const DEFAULT_PRICING: PricingSettings = { markupPercent: { commercial: null, education: null }, priceList: [] };

const ZERO_DECIMAL_CURRENCIES = new Set(['JPY', 'KRW', 'CLP', 'ISK', 'VND']);

export function roundPrice(amount: number, currency: string): number {
  const factor = ZERO_DECIMAL_CURRENCIES.has(currency) ? 1 : 100;
  return Math.round(amount * factor + Number.EPSILON) / factor;
}

/** The customer's price of one plan (one term and billing cycle), or null when the catalog has no price for it. */
export function customerPrice(plan: CatalogPlan, pricing: Partial<PricingSettings> | undefined): PlanPrice | null {
  if (!plan.msPrice) return null;
  const { currency } = plan.msPrice;
  const listed = (pricing?.priceList ?? []).find(
    (entry) =>
      entry.catalogItemId === plan.catalogItemId && entry.termDuration === plan.termDuration && entry.billingCycle === plan.billingCycle,
  );
  if (listed) return { unitPrice: roundPrice(listed.unitPrice, currency), currency, billingCycle: plan.billingCycle };
  const markup = pricing?.markupPercent?.[plan.segment] ?? null;
  if (markup === null)
    return { unitPrice: roundPrice(plan.msPrice.erpPrice ?? plan.msPrice.unitPrice, currency), currency, billingCycle: plan.billingCycle };
  return { unitPrice: roundPrice(plan.msPrice.unitPrice * (1 + markup / 100), currency), currency, billingCycle: plan.billingCycle };
}
