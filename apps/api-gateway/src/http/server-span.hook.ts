/**
 * The HTTP server span of every request (telemetry's http-server-span.ts says why the framework
 * makes it), and the request's trace context around its work. The context is entered twice: in
 * onRequest, for the limit hooks that may answer before the body is read, and again in preHandler,
 * so the handler runs in it whatever context the body's socket events carried (the spec sends a
 * body on a later packet).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endHttpServerSpan, runInContext, startHttpServerSpan, type HttpServerSpan } from '@tr4ction/telemetry';

const SERVER_SPAN = Symbol('tr4ction.httpServerSpan');
/** Probes and scrapes, every few seconds from every balancer and Prometheus: not traced (docs/observability.md). */
const UNTRACED_ROUTES = /^\/(health|metrics)(\/|$)/;
type TracedRequest = FastifyRequest & { [SERVER_SPAN]?: HttpServerSpan };

/** Install before every other hook: the ones after it run inside the request's trace. */
export function installServerSpans(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req: TracedRequest, _reply, done) => {
    if (req.routeOptions.url && UNTRACED_ROUTES.test(req.routeOptions.url)) return done();
    const traced = startHttpServerSpan(req.method, req.routeOptions.url, req.headers);
    req[SERVER_SPAN] = traced;
    runInContext(traced.context, done);
  });
  fastify.addHook('preHandler', (req: TracedRequest, _reply, done) => {
    const traced = req[SERVER_SPAN];
    if (traced) runInContext(traced.context, done);
    else done();
  });
  fastify.addHook('onResponse', (req: TracedRequest, reply, done) => {
    const traced = req[SERVER_SPAN];
    if (traced) endHttpServerSpan(traced.span, reply.statusCode);
    done();
  });
  // A client that goes away before the answer: the span ends too, marked as such.
  fastify.addHook('onRequestAbort', (req: TracedRequest, done) => {
    const traced = req[SERVER_SPAN];
    if (traced) endHttpServerSpan(traced.span, undefined);
    req[SERVER_SPAN] = undefined;
    done();
  });
}
