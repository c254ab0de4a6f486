import { SimulatedApiError } from '../http/error-body';

/** Control API errors: `{ statusCode, error, message }` (rendered by the error handler). */
export function controlError(status: number, message: string): SimulatedApiError {
  return new SimulatedApiError(status, status === 404 ? 'NotFound' : status === 409 ? 'Conflict' : 'BadRequest', message);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw controlError(400, `${name} must be one of ${allowed.join(', ')}`);
}

export function integerIn(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw controlError(400, `${name} must be an integer between ${min} and ${max}`);
  return value;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
