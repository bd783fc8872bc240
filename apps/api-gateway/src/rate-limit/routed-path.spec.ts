/**
 * The edge hooks decide on the routed path: every spelling the router accepts for a limited or
 * no-store route is limited and marked like the canonical one. A real Fastify instance (with the
 * gateway's router options), a fake limiter (unit test).
 */
import Fastify from 'fastify';
import { ClientAddressResolver } from '../http/client-address';
import { installNoStore } from '../http/no-store.hook';
import { installAuthAddressLimit } from './auth-address-limit.hook';
import type { AuthRateLimits } from './auth-rate-limits';
import { RateLimitedError } from './rate-limited.error';

async function setup() {
  const fastify = Fastify({ routerOptions: { ignoreDuplicateSlashes: true } });
  const checked: string[] = [];
  const fakeLimits = {
    checkAddress: jest.fn(async (address: string) => {
      checked.push(address);
      if (checked.length > 1) throw new RateLimitedError(7);
    }),
  };
  installAuthAddressLimit(fastify, fakeLimits as unknown as AuthRateLimits, new ClientAddressResolver([]));
  installNoStore(fastify);
  fastify.post('/auth/login', async () => ({ reached: true }));
  fastify.post('/oauth/token', async () => ({ reached: true }));
  fastify.post('/admin/users/:id/reset-password', async () => ({ temporary_password: 'x' }));
  fastify.get('/health', async () => ({ status: 'ok' }));
  await fastify.ready();
  return { fastify, checked };
}

describe('routed-path edge hooks', () => {
  it.each(['/auth/login', '/%61uth/login', '/auth/%6Cogin', '/%61%75%74%68/login', '//auth//login', '/auth//login', '/auth/login?x=1', '/oauth/token'])(
    'limits POST %s like /auth/login',
    async (url) => {
      const { fastify, checked } = await setup();
      expect((await fastify.inject({ method: 'POST', url })).statusCode).toBe(200);
      const over = await fastify.inject({ method: 'POST', url });
      expect({ status: over.statusCode, retry: over.headers['retry-after'], code: over.json().code }).toEqual({
        status: 429,
        retry: '7',
        code: 'RATE_LIMITED',
      });
      expect(checked).toHaveLength(2);
      await fastify.close();
    },
  );

  it.each(['/AUTH/login', '/Auth/Login', '/%2561uth/login'])('never runs the handler for %s, which the router does not match', async (url) => {
    const { fastify, checked } = await setup();
    const res = await fastify.inject({ method: 'POST', url });
    expect(res.statusCode).toBe(404);
    expect(checked).toEqual([]);
    await fastify.close();
  });

  it('marks admin and auth answers no-store under every spelling, and unmatched answers too; not /health', async () => {
    const { fastify } = await setup();
    for (const url of [
      '/admin/users/1/reset-password',
      '/%61dmin/users/1/reset-password',
      '//admin//users/1/reset-password',
      '/%61dmin/users/1/%72eset-password',
    ]) {
      const res = await fastify.inject({ method: 'POST', url });
      expect({ url, status: res.statusCode, cache: res.headers['cache-control'] }).toEqual({ url, status: 200, cache: 'no-store' });
    }
    expect((await fastify.inject({ method: 'GET', url: '/nowhere' })).headers['cache-control']).toBe('no-store');
    expect((await fastify.inject({ method: 'GET', url: '/health' })).headers['cache-control']).toBeUndefined();
    await fastify.close();
  });
});
