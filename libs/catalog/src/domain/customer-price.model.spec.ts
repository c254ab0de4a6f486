import type { CatalogPlan } from './catalog-plan.model';
import { DEFAULT_PRICING, customerPrice } from './customer-price.model';

const plan = (patch: Partial<CatalogPlan> = {}): CatalogPlan => ({
  catalogItemId: 'P:0001:A',
  productId: 'P',
  skuId: '0001',
  title: 'Plan',
  segment: 'commercial',
  termDuration: 'P1Y',
  billingCycle: 'monthly',
  minQuantity: 1,
  maxQuantity: 300,
  requiresOfferAttestation: false,
  msPrice: { unitPrice: 4.8, erpPrice: 6, currency: 'USD' },
  ...patch,
});

describe('customer price', () => {
  it("is Microsoft's estimated retail price when the partner set no markup", () => {
    expect(customerPrice(plan(), DEFAULT_PRICING)).toEqual({ unitPrice: 6, currency: 'USD', billingCycle: 'monthly' });
    expect(customerPrice(plan({ msPrice: { unitPrice: 4.8, erpPrice: null, currency: 'USD' } }), undefined)?.unitPrice).toBe(4.8);
  });

  it("adds the segment's markup to Microsoft's partner price, rounded to the currency", () => {
    const pricing = { markupPercent: { commercial: 12.5, education: 0 }, priceList: [] };
    expect(customerPrice(plan(), pricing)?.unitPrice).toBe(5.4);
    expect(customerPrice(plan({ segment: 'education' }), pricing)?.unitPrice).toBe(4.8);
    expect(
      customerPrice(plan({ msPrice: { unitPrice: 333, erpPrice: null, currency: 'JPY' } }), {
        markupPercent: { commercial: 10, education: null },
        priceList: [],
      }),
    ).toEqual({ unitPrice: 366, currency: 'JPY', billingCycle: 'monthly' });
  });

  it("takes the partner's own price for the exact term and billing cycle first", () => {
    const pricing = {
      markupPercent: { commercial: 50, education: null },
      priceList: [{ catalogItemId: 'P:0001:A', termDuration: 'P1Y', billingCycle: 'monthly', unitPrice: 5.555 }],
    };
    expect(customerPrice(plan(), pricing)?.unitPrice).toBe(5.56);
    expect(customerPrice(plan({ billingCycle: 'annual' }), pricing)?.unitPrice).toBe(7.2);
  });

  it("is unknown when Microsoft's sheet has no price for the plan", () => {
    expect(customerPrice(plan({ msPrice: null }), DEFAULT_PRICING)).toBeNull();
  });
});
