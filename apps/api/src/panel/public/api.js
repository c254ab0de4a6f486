// The public HTTP API, called with the customer key as Bearer (the same API partners use).

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
    const init = { method, headers: { accept: 'application/json', authorization: `Bearer ${apiKey}`, ...headers }, cache: 'no-store' };
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
    key: apiKey,
    get: (path) => request('GET', path),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
