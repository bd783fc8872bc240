/**
 * Per-address limit on every POST under /auth/, as a Fastify onRequest hook: it runs before the
 * body is even read, so a flood costs the gateway one counter update per request, and it covers
 * every /auth/ route whichever controller serves it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ClientAddressResolver } from '../http/client-address';
import { problem } from '../http/problem';
import type { AuthRateLimits } from './auth-rate-limits';
import { RateLimitedError } from './rate-limited.error';

export function installAuthAddressLimit(fastify: FastifyInstance, limits: AuthRateLimits, addresses: ClientAddressResolver): void {
  // Most requests are not concerned: they pass through a callback, without a promise per request.
  fastify.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'POST' || !req.url.startsWith('/auth/')) return done();
    // A request answered with 429 here goes no further: Fastify's callback hooks stop when done is not called.
    limitAddress(req, reply).then((answered) => answered || done(), done);
  });

  /** True when the request was refused (and answered). */
  async function limitAddress(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    try {
      await limits.checkAddress(addresses.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']));
      return false;
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      void reply
        .status(429)
        .header('Retry-After', String(err.retryAfterSeconds))
        .header('Content-Type', 'application/problem+json')
        .send(problem('RATE_LIMITED', err.detail, String(req.id)));
      return true;
    }
  }
}
