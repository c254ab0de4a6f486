import type { GraphCollection, ResourceCollection } from '../domain/common.model';
import type { PartnerCenterTransport, TransportRequest } from './transport.port';
import { linkRoute } from './route';

/** Guard against a server that keeps returning a next link. */
const MAX_PAGES = 200;

/** Reads a Partner Center collection, following `links.next` (with its MS-ContinuationToken headers). */
export async function collectPartnerCenterPages<T>(
  transport: PartnerCenterTransport,
  first: TransportRequest,
  stopWhen?: (items: readonly T[]) => boolean,
): Promise<T[]> {
  const items: T[] = [];
  let call: TransportRequest | undefined = first;
  for (let page = 0; call && page < MAX_PAGES; page += 1) {
    const response: { body: ResourceCollection<T> | T[] | undefined } = await transport.send<ResourceCollection<T> | T[]>(call);
    const body = response.body;
    const pageItems = Array.isArray(body) ? body : (body?.items ?? []);
    items.push(...pageItems);
    if (stopWhen?.(items)) break;
    const next = Array.isArray(body) ? undefined : body?.links?.next;
    call = next?.uri
      ? {
          ...first,
          route: linkRoute('GET', first.route.template, next.uri, '/v1'),
          context: nextPageContext(first),
          headers: Object.fromEntries((next.headers ?? []).map((header) => [header.key, header.value])),
        }
      : undefined;
  }
  return items;
}

/** Reads a Graph collection, following `@odata.nextLink` (an absolute URL). */
export async function collectGraphPages<T>(transport: PartnerCenterTransport, first: TransportRequest): Promise<T[]> {
  const items: T[] = [];
  let call: TransportRequest | undefined = first;
  for (let page = 0; call && page < MAX_PAGES; page += 1) {
    const response: { body: GraphCollection<T> | undefined } = await transport.send<GraphCollection<T>>(call);
    items.push(...(response.body?.value ?? []));
    const next = response.body?.['@odata.nextLink'];
    call = next ? { ...first, route: linkRoute('GET', first.route.template, next, '/v1.0'), context: nextPageContext(first) } : undefined;
  }
  return items;
}

/** Each page is its own request (new MS-RequestId) within the same correlation. */
function nextPageContext(first: TransportRequest): TransportRequest['context'] {
  return { correlationId: first.context?.correlationId };
}
