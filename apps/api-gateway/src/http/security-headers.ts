/**
 * Helmet's security headers at the cost of a few setHeader calls. @fastify/helmet rebuilds the
 * whole helmet middleware on every request (and runs two hooks, one async); the headers it sets
 * depend only on its options, so they are read once at boot from a throwaway Fastify instance
 * running @fastify/helmet itself: the values are identical by construction, whatever helmet's
 * version. Like the plugin, the hook sets them on the raw response in onRequest, so replies
 * written to the raw response carry them too.
 */
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

type HeaderPairs = ReadonlyArray<readonly [string, string]>;

async function probeHeaders(options: FastifyHelmetOptions | undefined): Promise<Map<string, string>> {
  const probe = new FastifyAdapter().getInstance();
  if (options) await probe.register(helmet, options);
  probe.get('/', (_req, reply) => {
    void reply.send('ok');
  });
  try {
    const res = await probe.inject({ method: 'GET', url: '/' });
    return new Map(Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
  } finally {
    await probe.close();
  }
}

/** The headers @fastify/helmet adds with these options: its response minus a bare one's. */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<HeaderPairs> {
  const [withHelmet, bare] = await Promise.all([probeHeaders(options), probeHeaders(undefined)]);
  return [...withHelmet].filter(([name, value]) => bare.get(name) !== value);
}

export function installSecurityHeaders(fastify: FastifyInstance, headers: HeaderPairs): void {
  fastify.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
