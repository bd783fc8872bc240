/**
 * Answers of the API carry tokens, temporary passwords, account data and audit records: no
 * browser or proxy may keep them (RFC 6749 5.1 asks this of token responses). Decided on the
 * routed path (so `/%61dmin/...` is covered like `/admin/...`); unmatched requests (404) get it too.
 * Routes that choose their own caching (JWKS, discovery, console assets) set Cache-Control themselves.
 */
import type { FastifyInstance } from 'fastify';
import { routedPath, routedUnder } from '../rate-limit/routed-path';

export const NO_STORE_PREFIXES = ['/auth/', '/admin/', '/oauth/', '/audit/'] as const;

export function installNoStore(fastify: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every response, and needs no promise.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (routedPath(req) === undefined || routedUnder(req, NO_STORE_PREFIXES)) void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    done(null, payload);
  });
}
