import { zodFieldErrors } from '@nce/orders';
import type { z } from 'zod';
import { ApiProblem } from './api-problem';

/** Validates a body or query against a strict schema: no coercion, unknown fields refused. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw ApiProblem.validation(zodFieldErrors(parsed.error));
  return parsed.data;
}
