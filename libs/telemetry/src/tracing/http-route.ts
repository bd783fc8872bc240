import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Gives the HTTP server span its route pattern (`http.route`, name `POST /auth/login`), as the
 * framework knows it: the http instrumentation alone only sees raw URLs, which must not become
 * span names (ids and tokens would end up in them).
 */
export function nameHttpServerSpan(method: string, route: string | undefined): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type !== RPCType.HTTP || !route) return;
  metadata.route = route;
  metadata.span.updateName(`${method} ${route}`);
  metadata.span.setAttribute('http.route', route);
}
