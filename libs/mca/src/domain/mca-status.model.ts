/** Microsoft's MCA refresh: an agreement accepted before this date must be accepted again. */
export const MCA_VALID_FROM = '2023-04-01T00:00:00Z';

export type McaStatus = 'valid' | 'missing' | 'stale';

/**
 * The state of a customer's MCA from its agreements and the direct-sign flag. The newest agreement
 * decides; a direct signature with no partner-attested agreement counts as valid.
 */
export function mcaStatus(agreements: ReadonlyArray<{ dateAgreed: string }>, directlySigned: boolean): McaStatus {
  if (agreements.length === 0) return directlySigned ? 'valid' : 'missing';
  const newest = Math.max(...agreements.map((agreement) => Date.parse(agreement.dateAgreed)).filter((time) => !Number.isNaN(time)));
  return newest >= Date.parse(MCA_VALID_FROM) ? 'valid' : 'stale';
}
