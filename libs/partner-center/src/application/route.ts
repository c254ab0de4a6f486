export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A concrete request path plus the template it came from (the template labels metrics). */
export interface ResolvedRoute {
  method: HttpMethod;
  template: string;
  path: string;
}

/** Fills `{name}` placeholders with URL-encoded values and appends the defined query parameters. */
export function route(
  method: HttpMethod,
  template: string,
  params: Record<string, string> = {},
  query: Record<string, string | undefined> = {},
): ResolvedRoute {
  const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.append(key, value);
  }
  const queryString = search.toString();
  return { method, template, path: queryString === '' ? path : `${path}?${queryString}` };
}

/** A follow-up link (Partner Center `links.next.uri` or Graph `@odata.nextLink`) as a route of the same template. */
export function linkRoute(method: HttpMethod, template: string, uri: string, versionRoot: string): ResolvedRoute {
  if (/^https?:\/\//i.test(uri)) return { method, template, path: uri };
  // Partner Center links are relative to the version root ("/customers?..." means "/v1/customers?...").
  const root = `/${versionRoot.replace(/^\/|\/$/g, '')}`;
  const path = uri.startsWith(`${root}/`) ? uri : `${root}${uri.startsWith('/') ? '' : '/'}${uri}`;
  return { method, template, path };
}
