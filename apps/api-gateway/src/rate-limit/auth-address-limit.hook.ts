/**
 * Per-address limit on every POST to a route under /auth/ or /oauth/, as a Fastify onRequest hook:
 * it runs before the body is even read, so a flood costs the gateway one counter update per
 * request, and it covers every such route whichever controller serves it. The route is the one the
 * router matched (routed-path.ts), so `/%61uth/login` or `//auth//login` are counted like `/auth/login`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ClientAddressResolver } from '../http/client-address';
import { problem } from '../http/problem';
import type { AuthRateLimits } from './auth-rate-limits';
import { RetryLaterError } from './rate-limited.error';
import { routedUnder } from './routed-path';

export const ADDRESS_LIMITED_PREFIXES = ['/auth/', '/oauth/'] as const;

export function installAuthAddressLimit(fastify: FastifyInstance, limits: AuthRateLimits, addresses: ClientAddressResolver): void {
  // Most requests are not concerned: they pass through a callback, without a promise per request.
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'POST' || !routedUnder(req, ADDRESS_LIMITED_PREFIXES)) return done();
    // A request answered here goes no further: Fastify's callback hooks stop when done is not called.
    limitAddress(req, reply).then((answered) => answered || done(), done);
  });

  /** True when the request was refused (and answered). */
  async function limitAddress(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    try {
      await limits.checkAddress(addresses.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']));
      return false;
    } catch (err) {
      if (!(err instanceof RetryLaterError)) throw err;
      void reply
        .status(err.code === 'RATE_LIMITED' ? 429 : 503)
        .header('Retry-After', String(err.retryAfterSeconds))
        .header('Cache-Control', 'no-store')
        .header('Content-Type', 'application/problem+json')
        .send(problem(err.code, err.detail, String(req.id)));
      return true;
    }
  }
}
