/** Partner Center link object: `{ uri, method, headers }`, uri relative to the API version root. */
export interface Link {
  uri: string;
  method: string;
  headers: { key: string; value: string }[];
}

export function link(uri: string, method = 'GET', headers: { key: string; value: string }[] = []): Link {
  return { uri, method, headers };
}

export function collection<T>(items: T[], selfUri: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { totalCount: items.length, items, links: { self: link(selfUri) }, attributes: { objectType: 'Collection' }, ...extra };
}

/** Drops undefined members, so optional fields are absent rather than null on the wire. */
export function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) result[key] = value;
  return result;
}
