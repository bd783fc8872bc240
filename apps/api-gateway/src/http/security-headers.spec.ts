import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { helmetHeaders, installSecurityHeaders } from './security-headers';

async function responseHeaders(setup: (fastify: FastifyInstance) => Promise<void>, url = '/'): Promise<Record<string, unknown>> {
  const fastify = new FastifyAdapter().getInstance();
  await setup(fastify);
  fastify.get('/', (_req, reply) => {
    void reply.send({ ok: true });
  });
  fastify.get('/raw', (_req, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.end('raw');
  });
  try {
    const { date: _date, ...headers } = (await fastify.inject({ method: 'GET', url })).headers;
    return headers;
  } finally {
    await fastify.close();
  }
}

describe('security headers', () => {
  it.each<[string, FastifyHelmetOptions]>([
    ['development', { contentSecurityPolicy: false, hsts: false }],
    ['production', { contentSecurityPolicy: false, hsts: { maxAge: 31536000 } }],
  ])('sets exactly what @fastify/helmet sets (%s options)', async (_name, options) => {
    const expected = await responseHeaders(async (f) => void (await f.register(helmet, options)));
    const headers = await helmetHeaders(options);
    const actual = await responseHeaders(async (f) => installSecurityHeaders(f, headers));

    expect(actual).toEqual(expected);
    expect(headers.length).toBeGreaterThan(5);
    expect(actual['x-content-type-options']).toBe('nosniff');
    expect(actual['strict-transport-security'] === undefined).toBe(options.hsts === false);
  });

  it('reaches replies written to the raw response, as the plugin does', async () => {
    const options: FastifyHelmetOptions = { contentSecurityPolicy: false, hsts: false };
    const expected = await responseHeaders(async (f) => void (await f.register(helmet, options)), '/raw');
    const actual = await responseHeaders(async (f) => installSecurityHeaders(f, await helmetHeaders(options)), '/raw');

    expect(actual).toEqual(expected);
    expect(actual['x-frame-options']).toBe('SAMEORIGIN');
  });
});
