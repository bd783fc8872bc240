/**
 * The e2e suites' typed client of the gateway: openapi-fetch over the types generated from
 * docs/api/openapi.json (@tr4ction/http-api). A call with a path, parameter or body the document
 * does not have, or a read of a field it does not promise, fails the typecheck. Requests that must be
 * malformed on purpose (bad JSON, forged headers, oversized bodies) keep the raw `http` of @tr4ction/testing.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '@tr4ction/http-api';

export type ApiClient = Client<paths>;

/** A client of the gateway at `baseUrl`, as the holder of `token` when given. */
export function apiClient(baseUrl: string, token?: string): ApiClient {
  return createClient<paths>({
    baseUrl,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    // Looked up per call, so a suite that wraps fetch still sees these requests.
    fetch: (request: Request) => globalThis.fetch(request),
  });
}
