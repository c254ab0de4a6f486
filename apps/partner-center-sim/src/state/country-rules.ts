// Country rules for customer creation. Microsoft publishes the error codes (600049 missing, 600050
// wrong format, 600002 not supported, 600051 phone missing) and the phone-country list, but not the
// formats: the regexes below are the simulator's own small, documented table (GUESS).

export interface RegistrationNumberRule {
  pattern: RegExp;
  /** Shown in the 600050 message, as Microsoft's message carries the expected format. */
  example: string;
}

/** Countries where organizationRegistrationNumber is required (CloudBlue's list plus the phone list). */
export const REGISTRATION_NUMBER_RULES: Readonly<Record<string, RegistrationNumberRule>> = {
  AM: { pattern: /^\d{8}$/, example: '8 digits' },
  AZ: { pattern: /^\d{10}$/, example: '10 digits' },
  BY: { pattern: /^\d{9}$/, example: '9 digits' },
  BR: { pattern: /^\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}$/, example: 'CNPJ, 14 digits' },
  HU: { pattern: /^\d{8}-?\d-?\d{2}$/, example: '11 digits (8-1-2)' },
  IN: { pattern: /^(\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z]|[A-Z]{5}\d{4}[A-Z])$/, example: 'GSTIN (15) or PAN (10)' },
  IQ: { pattern: /^\d{6,12}$/, example: '6 to 12 digits' },
  KZ: { pattern: /^\d{12}$/, example: 'BIN, 12 digits' },
  KG: { pattern: /^\d{14}$/, example: 'INN, 14 digits' },
  MD: { pattern: /^\d{13}$/, example: 'IDNO, 13 digits' },
  MM: { pattern: /^\d{9}$/, example: '9 digits' },
  PL: { pattern: /^\d{3}-?\d{3}-?\d{2}-?\d{2}$/, example: 'NIP, 10 digits' },
  RU: { pattern: /^(\d{10}|\d{12})$/, example: 'INN, 10 or 12 digits' },
  TJ: { pattern: /^\d{9}$/, example: '9 digits' },
  UA: { pattern: /^(\d{8}|\d{10})$/, example: 'EDRPOU 8 digits or 10 digits' },
  UZ: { pattern: /^\d{9}$/, example: 'INN, 9 digits' },
};

/** Countries where the default address needs a phone number (error 600051), as documented. */
export const PHONE_REQUIRED_COUNTRIES: ReadonlySet<string> = new Set([
  'AM',
  'AZ',
  'BY',
  'HU',
  'IN',
  'KZ',
  'KG',
  'MD',
  'RU',
  'TJ',
  'UZ',
  'UA',
]);

const EURO_COUNTRIES = new Set([
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
]);
const CURRENCIES: Readonly<Record<string, { code: string; symbol: string }>> = {
  US: { code: 'USD', symbol: '$' },
  GB: { code: 'GBP', symbol: '£' },
  CA: { code: 'CAD', symbol: '$' },
  AU: { code: 'AUD', symbol: '$' },
  CH: { code: 'CHF', symbol: 'CHF' },
  JP: { code: 'JPY', symbol: '¥' },
};

/** Billing currency by country; anything unlisted bills in USD (simulator simplification). */
export function currencyOf(country: string): { code: string; symbol: string } {
  const upper = country.toUpperCase();
  if (EURO_COUNTRIES.has(upper)) return { code: 'EUR', symbol: '€' };
  return CURRENCIES[upper] ?? { code: 'USD', symbol: '$' };
}

export type RegistrationNumberProblem = { code: 600049 | 600050 | 600002; message: string } | undefined;

export function checkRegistrationNumber(country: string, value: string | undefined): RegistrationNumberProblem {
  const rule = REGISTRATION_NUMBER_RULES[country.toUpperCase()];
  if (rule === undefined) {
    return value === undefined
      ? undefined
      : { code: 600002, message: `Organization registration number is not supported for country ${country}.` };
  }
  if (value === undefined) return { code: 600049, message: `Organization registration number is required for country ${country}.` };
  if (!rule.pattern.test(value)) {
    return {
      code: 600050,
      message: `Organization registration number format is invalid for country ${country}; expected ${rule.example} matching ${rule.pattern.source}.`,
    };
  }
  return undefined;
}
