/**
 * Answers under /auth/ and /admin/ carry tokens, temporary passwords and account data: no browser
 * or proxy may keep them (RFC 6749 5.1 asks this of token responses).
 */
import type { FastifyInstance } from 'fastify';

export function installNoStore(fastify: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every response, and needs no promise.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/auth/') || req.url.startsWith('/admin/')) void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    done(null, payload);
  });
}
