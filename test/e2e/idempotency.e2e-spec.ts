/**
 * Idempotency-Key end to end (issue 15): a client (or a balancer) that sends a request again with
 * the same key, because it lost the answer, gets the first answer and the change is made once:
 * one registration, one login (same tokens), one audit-bound event in the owner's outbox.
 */
import { randomUUID } from 'node:crypto';
import { ServiceStack } from '@tr4ction/testing';
import { apiClient } from '../support/api-client';
import { Db, login, register, strongPassword, uniqueEmail, type LoginBody } from '../support/identity';

describe('Idempotency-Key (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    db = await Db.connect(stack.databaseUrl);
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const events = async (userId: string, type: string) => (await db.userEvents(userId)).filter((e) => e.type === type).length;

  it('a registration sent twice with one key is made once and answered twice alike; a new key is a new request', async () => {
    const body = { email: uniqueEmail('idem'), password: strongPassword() };
    const headers = { 'idempotency-key': randomUUID() };
    const api = apiClient(stack.baseUrl);
    const first = await api.POST('/auth/register', { body, headers });
    const again = await api.POST('/auth/register', { body, headers });
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(201);
    expect(again.data).toEqual(first.data);
    expect(await events(first.data?.id ?? '', 'UserRegistered')).toBe(1);

    const other = await api.POST('/auth/register', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(other.response.status).toBe(409);
    expect(other.error).toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('a login sent twice with one key succeeds once (one LoginSucceeded) and both answers carry the same session', async () => {
    const email = uniqueEmail('idem-login');
    const password = strongPassword();
    const userId = await register(stack.baseUrl, email, password);
    const key = { 'idempotency-key': randomUUID() };
    const first = await login(stack.baseUrl, email, password, key);
    const again = await login(stack.baseUrl, email, password, key);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect((again.body as LoginBody).refresh_token).toBe((first.body as LoginBody).refresh_token);
    expect(await events(userId, 'LoginSucceeded')).toBe(1);

    // The key belongs to that request: another body under it is refused, a new key logs in again.
    const reused = await login(stack.baseUrl, email, `${password}x`, key);
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect((await login(stack.baseUrl, email, password, { 'idempotency-key': randomUUID() })).status).toBe(200);
    expect(await events(userId, 'LoginSucceeded')).toBe(2);
  });

  it('refuses a malformed key with a 400 problem before doing anything', async () => {
    const body = { email: uniqueEmail('idem-bad'), password: strongPassword() };
    const api = apiClient(stack.baseUrl);
    const res = await api.POST('/auth/register', { body, headers: { 'idempotency-key': 'short' } });
    expect(res.response.status).toBe(400);
    expect(res.response.headers.get('content-type')).toContain('application/problem+json');
    expect(res.error).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect((await api.POST('/auth/register', { body })).response.status).toBe(201);
  });
});
