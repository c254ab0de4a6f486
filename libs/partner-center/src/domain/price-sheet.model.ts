// The new commerce license-based price sheet (PricesheetView 'updatedlicensebased'): a CSV file.
// Column names as in Microsoft's example (get-a-price-sheet); BillingPlan, ERP Price and Segment are
// ASSUMED license-based columns. Rows are matched by column name, so their order does not matter.

export interface LicensePriceRow {
  productId: string;
  skuId: string;
  skuTitle: string;
  termDuration: string;
  /** Lower-case billing cycle as the catalog names it: monthly, annual, triennial. */
  billingCycle: string;
  market: string;
  currency: string;
  /** The partner's price per licence per billing period. */
  unitPrice: number;
  /** Microsoft's estimated retail price for the same period, when the sheet has it. */
  erpPrice: number | null;
  segment: string | null;
  effectiveStartDate: string | null;
  effectiveEndDate: string | null;
}

export class PriceSheetFormatError extends Error {
  constructor(message: string) {
    super(`Price sheet: ${message}`);
    this.name = 'PriceSheetFormatError';
  }
}

/** RFC 4180 fields: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      if (row.some((value) => value !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new PriceSheetFormatError('a quoted field is not closed');
  row.push(field);
  if (row.some((value) => value !== '')) rows.push(row);
  return rows;
}

const REQUIRED = ['ProductId', 'SkuId', 'TermDuration', 'BillingPlan', 'Currency', 'UnitPrice'] as const;

export function parseLicensePriceSheet(text: string): LicensePriceRow[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const column = new Map(header.map((name, index) => [name.trim().replace(/[“”]/g, ''), index]));
  for (const name of REQUIRED) if (!column.has(name)) throw new PriceSheetFormatError(`column ${name} is missing`);
  const get = (row: string[], name: string): string => (column.has(name) ? (row[column.get(name)!] ?? '').trim() : '');
  return rows.map((row, index) => {
    const unitPrice = Number(get(row, 'UnitPrice'));
    if (get(row, 'UnitPrice') === '' || !Number.isFinite(unitPrice) || unitPrice < 0)
      throw new PriceSheetFormatError(`row ${index + 2}: UnitPrice "${get(row, 'UnitPrice')}" is not a price`);
    const erp = get(row, 'ERP Price');
    return {
      productId: get(row, 'ProductId'),
      skuId: get(row, 'SkuId'),
      skuTitle: get(row, 'SkuTitle'),
      termDuration: get(row, 'TermDuration'),
      billingCycle: get(row, 'BillingPlan').toLowerCase(),
      market: get(row, 'Market'),
      currency: get(row, 'Currency').toUpperCase(),
      unitPrice,
      erpPrice: erp === '' || !Number.isFinite(Number(erp)) ? null : Number(erp),
      segment: get(row, 'Segment') === '' ? null : get(row, 'Segment').toLowerCase(),
      effectiveStartDate: get(row, 'EffectiveStartDate') || null,
      effectiveEndDate: get(row, 'EffectiveEndDate') || null,
    };
  });
}
