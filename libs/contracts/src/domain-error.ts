/**
 * The one error taxonomy (STYLE.md 7): every context's refusals extend DomainError with a stable
 * `code` (persisted in logs and timelines, never renamed) and a `kind`. The API maps kinds to
 * problem+json and workers map them to retry / no retry, each in one place; nobody matches messages.
 */
export const ERROR_KINDS = ['invalid', 'not_found', 'forbidden', 'conflict', 'unavailable'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A field of the request at fault and why (shown to API clients as `errors`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;

  /** `field`: the one request field the refusal is about, when there is one. */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A request whose fields break the rules; `errors` lists every field at fault at once. */
export abstract class InvalidFieldsError extends DomainError {
  readonly kind = 'invalid';

  constructor(
    readonly errors: FieldProblem[],
    message: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
