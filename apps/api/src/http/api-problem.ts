import { type ProblemDetails, problem } from './problem';

/** An HTTP-level refusal raised by the API layer itself (auth, headers, query parameters). */
export class ApiProblem extends Error {
  readonly details: ProblemDetails;

  constructor(status: number, slug: string, title: string, detail: string, extra: Partial<ProblemDetails> = {}) {
    super(detail);
    this.details = problem(status, slug, title, detail, extra);
  }

  static unauthorized(): ApiProblem {
    return new ApiProblem(401, 'unauthorized', 'Unauthorized', 'Send a valid API key as Authorization: Bearer <key>');
  }

  static forbidden(detail: string): ApiProblem {
    return new ApiProblem(403, 'forbidden', 'Forbidden', detail);
  }

  static notFound(detail = 'Not found'): ApiProblem {
    return new ApiProblem(404, 'not-found', 'Not found', detail);
  }

  static validation(errors: Array<{ field: string; message: string }>): ApiProblem {
    return new ApiProblem(400, 'validation-error', 'Invalid request', 'One or more fields are invalid', { errors });
  }
}
