import { PriceSheetFormatError, parseCsv, parseLicensePriceSheet } from './price-sheet.model';

const HEADER =
  '"ProductTitle","ProductId","SkuId","SkuTitle","Publisher","SkuDescription","UnitOfMeasure","TermDuration","BillingPlan","Market","Currency","UnitPrice","PricingTierRangeMin","PricingTierRangeMax","EffectiveStartDate","EffectiveEndDate","Tags","ERP Price","Segment"';

describe('license-based price sheet', () => {
  it('reads quoted CSV fields with commas, doubled quotes and CRLF line ends', () => {
    expect(parseCsv('"a,b","say ""hi""",c\r\n1,2,3\r\n')).toEqual([
      ['a,b', 'say "hi"', 'c'],
      ['1', '2', '3'],
    ]);
    expect(() => parseCsv('"open')).toThrow(PriceSheetFormatError);
  });

  it('maps rows by column name to prices per term and billing plan', () => {
    const csv = `${HEADER}\r\n"Microsoft 365 Business Basic","CFQ7TTC0LH18","0001","Microsoft 365 Business Basic","Microsoft Corporation","Business Basic","1 License","P1Y","Annual","US","USD","57.6","","","2026-12-01T00:00:00.000Z","2026-12-31T23:59:59.000Z","License","72","Commercial"\r\n`;
    expect(parseLicensePriceSheet(csv)).toEqual([
      {
        productId: 'CFQ7TTC0LH18',
        skuId: '0001',
        skuTitle: 'Microsoft 365 Business Basic',
        termDuration: 'P1Y',
        billingCycle: 'annual',
        market: 'US',
        currency: 'USD',
        unitPrice: 57.6,
        erpPrice: 72,
        segment: 'commercial',
        effectiveStartDate: '2026-12-01T00:00:00.000Z',
        effectiveEndDate: '2026-12-31T23:59:59.000Z',
      },
    ]);
  });

  it('works without the optional columns and refuses a sheet that lacks a price or a required column', () => {
    expect(
      parseLicensePriceSheet('ProductId,SkuId,TermDuration,BillingPlan,Currency,UnitPrice\nP,0001,P1M,Monthly,eur,7.2\n')[0],
    ).toMatchObject({ billingCycle: 'monthly', currency: 'EUR', unitPrice: 7.2, erpPrice: null, segment: null });
    expect(() => parseLicensePriceSheet('ProductId,SkuId,TermDuration,BillingPlan,Currency\nP,0001,P1M,Monthly,USD\n')).toThrow(
      'column UnitPrice is missing',
    );
    expect(() =>
      parseLicensePriceSheet('ProductId,SkuId,TermDuration,BillingPlan,Currency,UnitPrice\nP,0001,P1M,Monthly,USD,free\n'),
    ).toThrow('row 2: UnitPrice "free" is not a price');
    expect(parseLicensePriceSheet('')).toEqual([]);
  });
});
