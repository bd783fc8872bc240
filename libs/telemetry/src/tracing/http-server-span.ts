import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

/**
 * The HTTP server span of a request, made by the web framework's own hooks instead of the http
 * instrumentation's incoming side. That instrumentation binds every request's and response's event
 * emitters to the context (it wraps each listener added), even for requests it ignores: measured on
 * the gateway, it cost more than the token check (GET /health 1,900 -> 2,800 req/s without it).
 * The framework knows the route pattern, so the span is named by it from the start (`POST
 * /auth/login`), never by the raw URL, which may hold ids or tokens; no URL or query is recorded.
 */
export interface HttpServerSpan {
  span: Span;
  /** The request's context (the span in the incoming trace): run the request's work inside it. */
  context: Context;
}

const tracer = () => trace.getTracer('tr4ction-http');

/**
 * Continues the caller's W3C trace (`traceparent` in `headers`) or starts one; sampled by the SDK's
 * sampler. The scheme is plain HTTP: TLS ends at the balancer in front of the gateway.
 */
export function startHttpServerSpan(method: string, route: string | undefined, headers: Record<string, unknown>): HttpServerSpan {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer().startSpan(
    route ? `${method} ${route}` : method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.scheme': 'http', ...(route ? { 'http.route': route } : {}) } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends the span with the answer's status: a 5xx is an error of the server; a 4xx is the client's (OpenTelemetry's HTTP conventions). */
export function endHttpServerSpan(span: Span, statusCode: number | undefined): void {
  if (statusCode === undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'aborted' });
  } else {
    span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs `fn` (a framework's continuation callback) inside `ctx`, so everything it starts belongs to the request's trace. */
export function runInContext(ctx: Context, fn: () => void): void {
  context.with(ctx, fn);
}
