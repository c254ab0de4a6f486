import { parseLicensePriceSheet } from '@nce/partner-center';
import { priceSheetCsv, sheetPeriod } from './price-sheet';

describe('simulated license-based price sheet', () => {
  const period = sheetPeriod('current', undefined, new Date('2026-12-03T10:00:00Z'));

  it('prices every term of the catalog for the market, in its currency, per billing period', () => {
    const rows = parseLicensePriceSheet(priceSheetCsv('US', period, new Set()));
    const basic = rows.filter((row) => row.productId === 'CFQ7TTC0LH18');
    expect(basic.map((row) => [row.termDuration, row.billingCycle, row.unitPrice, row.erpPrice])).toEqual([
      ['P1M', 'monthly', 5.76, 7.2],
      ['P1Y', 'monthly', 4.8, 6],
      ['P1Y', 'annual', 57.6, 72],
      ['P3Y', 'annual', 57.6, 72],
      ['P3Y', 'triennial', 172.8, 216],
    ]);
    expect(rows.every((row) => row.currency === 'USD' && row.market === 'US')).toBe(true);
    expect(rows.find((row) => row.productId === 'CFQ7TTC0EDU1')?.segment).toBe('education');
    expect(parseLicensePriceSheet(priceSheetCsv('DE', period, new Set()))[0].currency).toBe('EUR');
  });

  it('leaves out retired catalog items and covers the requested month', () => {
    const rows = parseLicensePriceSheet(priceSheetCsv('US', period, new Set(['CFQ7TTC0LH18:0001:CFQ7TTC0K971'])));
    expect(rows.some((row) => row.productId === 'CFQ7TTC0LH18')).toBe(false);
    expect(period).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-31T23:59:59Z') });
    expect(sheetPeriod('history', '202602', new Date('2026-12-03T10:00:00Z')).start).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(sheetPeriod('future', undefined, new Date('2026-12-03T10:00:00Z')).start).toEqual(new Date('2027-01-01T00:00:00Z'));
  });
});
