/**
 * Countries where Microsoft requires an organization registration number (tax id) on a new customer,
 * with the format it accepts (partner-center-api.md: errors 600049/600050, CloudBlue's transaction
 * readiness list). Our conservative subset; the simulator enforces the same table.
 */
export const TAX_ID_FORMATS: Readonly<Record<string, RegExp>> = {
  AM: /^\d{8}$/,
  AZ: /^\d{10}$/,
  BY: /^\d{9}$/,
  BR: /^\d{14}$/,
  HU: /^\d{8}-\d-\d{2}$/,
  IN: /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/,
  KZ: /^\d{12}$/,
  KG: /^\d{14}$/,
  MD: /^\d{13}$/,
  PL: /^\d{10}$/,
  RU: /^(\d{10}|\d{12})$/,
  TJ: /^\d{9}$/,
  UA: /^(\d{8}|\d{10})$/,
  UZ: /^\d{9}$/,
};

export function taxIdRequired(country: string): boolean {
  return Object.prototype.hasOwnProperty.call(TAX_ID_FORMATS, country);
}

export function isWellFormedTaxId(country: string, value: string): boolean {
  const format = TAX_ID_FORMATS[country];
  return format ? format.test(value) : true;
}
