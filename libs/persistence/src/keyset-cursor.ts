/** Position in a list ordered by (created_at, id): opaque to clients, stable under concurrent inserts. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/** The position, or null when the string is not a cursor this API issued (callers report the field). */
export function decodeKeysetCursor(cursor: string): KeysetPosition | null {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    return Number.isNaN(date.getTime()) || typeof id !== 'string' ? null : { createdAt: date, id };
  } catch {
    return null;
  }
}
