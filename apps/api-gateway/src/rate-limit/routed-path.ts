/**
 * What the gateway decides on: the route the router matched (`/auth/login`), never the raw URL.
 * The router decodes `%61uth`, merges doubled slashes and drops the query before matching, so a
 * test on `req.url` can be walked around by any of those spellings while the handler still runs.
 * Unmatched requests have no routed path (undefined): no handler runs for them.
 */
import type { FastifyRequest } from 'fastify';

export function routedPath(req: FastifyRequest): string | undefined {
  return req.routeOptions.url;
}

export function routedUnder(req: FastifyRequest, prefixes: readonly string[]): boolean {
  const path = routedPath(req);
  return path !== undefined && prefixes.some((p) => path.startsWith(p));
}
