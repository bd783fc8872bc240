/**
 * Idempotency-Key (IETF draft) at the edge: a client or load balancer that sends the same key again
 * (to this gateway or another) after losing the answer gets the first answer instead of a second
 * registration, login or change. The gateway keeps nothing: it derives the keys of the request's
 * RPC calls from the header, and the services' ledgers do the rest. Without the header nothing
 * changes; a malformed one is refused before any work.
 *
 * A Fastify hook rather than a Nest interceptor: any global interceptor makes Nest wrap every
 * request in rxjs and two AsyncResource bindings, measured at about a tenth of GET /auth/me.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HTTP_IDEMPOTENCY_KEY_HEADER, HTTP_IDEMPOTENCY_KEY_PATTERN } from '@tr4ction/contracts';
import { enterCallerKey, httpRequestKey, type RpcCallScope } from '@tr4ction/messaging';
import { problem } from './problem';

const CALLER_SCOPE = Symbol('tr4ction.callerKeyScope');
type KeyedRequest = FastifyRequest & { [CALLER_SCOPE]?: RpcCallScope };

/** Install after the server-span hook, so the key's scope opens inside the request's trace. */
export function installIdempotencyKey(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (req: KeyedRequest, reply, done) => {
    const header = req.headers[HTTP_IDEMPOTENCY_KEY_HEADER];
    if (header === undefined) return done();
    if (typeof header !== 'string' || !HTTP_IDEMPOTENCY_KEY_PATTERN.test(header)) {
      // Answered here, the request goes no further (Fastify's callback hooks stop without done).
      void reply
        .status(400)
        .header('Content-Type', 'application/problem+json')
        .send(problem('BAD_REQUEST', 'Idempotency-Key must be one header of 16 to 255 visible ASCII characters (a random UUID fits)', String(req.id)));
      return;
    }
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    req[CALLER_SCOPE] = enterCallerKey(httpRequestKey(header, req.method, req.url, authorization), done);
  });
  // Work the handler left running once the request is answered derives no more keys from it.
  fastify.addHook('onResponse', (req: KeyedRequest, _reply, done) => {
    const scope = req[CALLER_SCOPE];
    if (scope) scope.open = false;
    done();
  });
}
