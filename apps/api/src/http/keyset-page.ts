import { type KeysetPosition, decodeKeysetCursor, encodeKeysetCursor } from '@nce/persistence';
import { z } from 'zod';
import { ApiProblem } from './api-problem';
import { parseOrThrow } from './zod-body';

const pageSchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
});

/** `?cursor=&limit=` of a newest-first list (limit 1 to 500, default 100); asks the store for one row more. */
export function keysetPageQuery(rawQuery: unknown): { limit: number; fetch: number; position?: KeysetPosition } {
  const query = parseOrThrow(pageSchema, rawQuery);
  const limit = query.limit ? Number(query.limit) : 100;
  if (limit < 1 || limit > 500) throw ApiProblem.validation([{ field: 'limit', message: 'Expected 1 to 500' }]);
  const position = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
  if (position === null) throw ApiProblem.validation([{ field: 'cursor', message: 'Not a cursor returned by this API' }]);
  return { limit, fetch: limit + 1, position };
}

/** `{ items, nextCursor }` from the rows fetched with `keysetPageQuery`. */
export function keysetPage<T extends KeysetPosition>(
  rows: T[],
  limit: number,
  present: (row: T) => unknown,
): { items: unknown[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(present), nextCursor: rows.length > limit && last ? encodeKeysetCursor(last) : null };
}
