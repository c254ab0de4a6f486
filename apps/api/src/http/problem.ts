export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

/** RFC 9457 problem document; `type` is a stable URN per problem kind. */
export function problem(status: number, slug: string, title: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: `urn:nce:problem:${slug}`, title, status, detail, ...extra };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
