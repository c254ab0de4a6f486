import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { API_CONTROLLERS } from './app.module';
import { buildOpenApi } from './openapi';

/** `v1/orders` + `:id/timeline` → `/v1/orders/{id}/timeline`. */
function openApiPath(prefix: string, path: string): string {
  const joined = `/${[prefix, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/')}`;
  return joined.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** Every route the controllers register, as `METHOD /path` (read from Nest's decorator metadata). */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of API_CONTROLLERS) {
    const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as unknown as Record<string, unknown>)[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) continue;
      for (const prefix of prefixes)
        for (const path of [paths].flat()) routes.push(`${RequestMethod[method]} ${openApiPath(prefix, path)}`);
    }
  }
  return routes.sort();
}

describe('OpenAPI document', () => {
  const document = buildOpenApi();
  const documented = Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

  it('documents every route the API registers (operator routes and the timeline included)', () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('documents no route the API does not have (besides GET /, registered on fastify)', () => {
    const routes = registeredRoutes();
    expect(documented.filter((route) => route !== 'GET /' && !routes.includes(route))).toEqual([]);
  });
});
