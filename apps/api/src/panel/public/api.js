// The public HTTP API (the same API partners use), called with the panel's cookie session (the
// browser holds no key; every call carries the panel header the API asks of cookie sessions against
// cross-site requests), or, for development only, with a customer key as Bearer.

export const PANEL_HEADER = 'x-nce-panel';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = null;
  }

  /** Field errors as { path: message } (problem+json `errors`). */
  get fieldErrors() {
    return Object.fromEntries((this.problem.errors ?? []).map((error) => [error.field, error.message]));
  }
}

export function createApi(apiKey) {
  async function request(method, path, body, headers = {}) {
    const init = {
      method,
      headers: { accept: 'application/json', [PANEL_HEADER]: '1', ...headers },
      cache: 'no-store',
      credentials: 'same-origin',
    };
    if (apiKey) init.headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['content-type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new ApiError(0, { title: 'Network error', detail: 'The server did not answer. Check your connection and try again.' });
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : null;
    if (!response.ok) {
      const error = new ApiError(response.status, parsed ?? { detail: text });
      error.retryAfter = response.headers.get('retry-after');
      throw error;
    }
    return parsed;
  }
  return {
    key: apiKey ?? null,
    get: (path) => request('GET', path),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
    delete: (path) => request('DELETE', path),
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
