/**
 * The Idempotency-Key hook on a real Fastify server: a malformed key is refused before the handler,
 * a valid one puts the handler's RPCs under keys derived from it, none leaves them random.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { idempotencyKeyForCall } from '@tr4ction/messaging';
import { installIdempotencyKey } from './idempotency-key.hook';

describe('installIdempotencyKey', () => {
  let app: FastifyInstance;
  let handled = 0;

  beforeAll(async () => {
    app = Fastify();
    installIdempotencyKey(app);
    app.post('/things', async () => {
      handled++;
      await new Promise((resolve) => setImmediate(resolve));
      return { first: idempotencyKeyForCall('rpc.user.create'), second: idempotencyKeyForCall('rpc.user.create') };
    });
    await app.ready();
  });

  afterAll(() => app.close());

  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json', ...headers }, payload: '{}' });

  it('refuses a malformed key with a 400 problem, before the handler runs', async () => {
    const before = handled;
    const res = await post({ 'idempotency-key': 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(handled).toBe(before);
  });

  it('derives the same call keys for a resend with the same key and caller, and others for another caller', async () => {
    const key = { 'idempotency-key': '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b' };
    const first = (await post({ ...key, authorization: 'Bearer a' })).json();
    const again = (await post({ ...key, authorization: 'Bearer a' })).json();
    const other = (await post({ ...key, authorization: 'Bearer b' })).json();
    expect(again).toEqual(first);
    expect(first.first).not.toBe(first.second);
    expect(other.first).not.toBe(first.first);
  });

  it('leaves call keys random without the header', async () => {
    const a = (await post({})).json();
    const b = (await post({})).json();
    expect(a.first).not.toBe(b.first);
  });
});
