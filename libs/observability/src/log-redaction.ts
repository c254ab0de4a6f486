// Names whose values never reach a log line, at any depth and in any letter case: credentials,
// tokens, keys, and the bound values of SQL statements (order details, signatory e-mail and phone).
const SECRET_NAME = /password|passwd|passphrase|secret|token|api[-_]?key|authorization|cookie|credential|^parameters$|^params$|^sql$/i;
const MAX_DEPTH = 8;
export const REDACTED = '[redacted]';

/** A copy of `value` with secret-named fields replaced; errors become plain objects (name, message, code, stack). */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const source: Record<string, unknown> =
    value instanceof Error
      ? { ...value, type: value.name, message: value.message, stack: value.stack }
      : (value as Record<string, unknown>);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(source)) copy[key] = SECRET_NAME.test(key) ? REDACTED : redactDeep(field, depth + 1, seen);
  return copy;
}
