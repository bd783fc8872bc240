/**
 * The e2e suites' typed client of the gateway: openapi-fetch over the types generated from
 * docs/api/openapi.json (@tr4ction/http-api). A call with a path, parameter or body the document
 * does not have, or a read of a field it does not promise, fails the typecheck. Requests that must be
 * malformed on purpose (bad JSON, forged headers, oversized bodies) keep the raw `http` of @tr4ction/testing.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
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

/** Keeps every error answer's body (status >= `fromStatus`) in `into`, for a suite's secret canary. */
export function errorBodyRecorder(into: string[], fromStatus = 400): Middleware {
  return {
    async onResponse({ response }) {
      if (response.status >= fromStatus) into.push(await response.clone().text());
    },
  };
}

/** Typed clients of the gateway at `baseUrl()` (read per call: a stack starts in beforeAll) whose error bodies go to `into`. */
export function canaryApiClient(baseUrl: () => string, into: string[]): (token?: string) => ApiClient {
  const recorder = errorBodyRecorder(into);
  return (token) => {
    const client = apiClient(baseUrl(), token);
    client.use(recorder);
    return client;
  };
}
