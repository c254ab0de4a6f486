export const DAY_MS = 86_400_000;

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** ISO-8601 duration in days (Y = 365, M = 30), or undefined when it does not parse. */
export function durationDays(value: string): number | undefined {
  const match = ISO_DURATION.exec(value);
  if (match === null || value === 'P' || value.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return years * 365 + months * 30 + weeks * 7 + days + (hours * 3600 + minutes * 60 + seconds) / 86_400;
}

/** Midnight UTC of the given instant, as Partner Center dates subscription terms. */
export function startOfUtcDay(epochMs: number): Date {
  const date = new Date(epochMs);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Adds a term (`P1M`, `P1Y`, `P3Y`) in calendar months, minus one day: the last day of the term. */
export function termEndDate(start: Date, term: string): Date {
  const months = term === 'P1M' ? 1 : term === 'P1Y' ? 12 : term === 'P3Y' ? 36 : 12;
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate()));
  return new Date(end.getTime() - DAY_MS);
}

export function billingCycleEndDate(start: Date, billingCycle: string, term: string): Date {
  if (billingCycle === 'monthly') return termEndDate(start, 'P1M');
  if (billingCycle === 'annual') return termEndDate(start, 'P1Y');
  return termEndDate(start, term);
}

/** Partner Center writes day-precision dates as `YYYY-MM-DDT00:00:00Z`. */
export function dayString(date: Date): string {
  return `${date.toISOString().slice(0, 10)}T00:00:00Z`;
}
