/**
 * Per-address limit on every POST under /auth/, as a Fastify onRequest hook: it runs before the
 * body is even read, so a flood costs the gateway one counter update per request, and it covers
 * every /auth/ route whichever controller serves it.
 */
import type { FastifyInstance } from 'fastify';
import type { ClientAddressResolver } from '../http/client-address';
import { problem } from '../http/problem';
import type { AuthRateLimits } from './auth-rate-limits';
import { RateLimitedError } from './rate-limited.error';

export function installAuthAddressLimit(fastify: FastifyInstance, limits: AuthRateLimits, addresses: ClientAddressResolver): void {
  fastify.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || !req.url.startsWith('/auth/')) return;
    try {
      await limits.checkAddress(addresses.resolve(req.socket.remoteAddress, req.headers['x-forwarded-for']));
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      // Answered here: returning the reply tells Fastify the request goes no further.
      return reply
        .status(429)
        .header('Retry-After', String(err.retryAfterSeconds))
        .header('Content-Type', 'application/problem+json')
        .send(problem('RATE_LIMITED', err.detail, String(req.id)));
    }
  });
}
