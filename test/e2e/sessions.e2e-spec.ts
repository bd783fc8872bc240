/**
 * Sessions with the stack as real processes and two gateway replicas: a password change ends
 * every other session of the user (its refresh token refused, its access token rejected on both
 * gateways within a second) while the current one keeps working; a user lists their sessions
 * (address and agent, the current one marked) and ends one or all others; an admin lists and ends
 * an account's sessions; the idle timeout (a runtime setting) ends a session that is not refreshed.
 * Every end is recorded as SessionRevoked (who, which, why), and no event carries a token.
 */
import type { ApiSchema } from '@tr4ction/http-api';
import { freePort, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { changePassword, Db, login, register, strongPassword, uniqueEmail } from '../support/identity';

type Pair = Pick<ApiSchema<'TokenPair'>, 'access_token' | 'refresh_token'>;

/** The second gateway must reject an ended session's access token within this. */
const PROPAGATION_MS = 1000;

describe('sessions (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;
  let admin: string;
  let gateways: string[];
  /** Every token this spec saw, for the canary at the end. */
  const seen: string[] = [];

  /** Signs in from a given client address (X-Forwarded-For, believed from the loopback proxy) and agent. */
  async function signIn(email: string, password: string, ip: string, agent: string, base = stack.baseUrl): Promise<Pair> {
    const res = await login(base, email, password, { 'x-forwarded-for': ip, 'user-agent': agent });
    expect(res.status).toBe(200);
    seen.push(res.body.access_token, res.body.refresh_token);
    return { access_token: res.body.access_token, refresh_token: res.body.refresh_token };
  }

  const me = (token: string, base: string) => apiClient(base, token).GET('/auth/me');
  const refresh = (pair: Pair, base = stack.baseUrl) => apiClient(base).POST('/auth/refresh', { body: { refresh_token: pair.refresh_token } });
  const sessions = (token: string, base = stack.baseUrl) => apiClient(base, token).GET('/auth/sessions');

  /** Polls until the gateway answers `status` for the token; returns the time that took. */
  async function until(base: string, token: string, status: number, startedAt: number): Promise<number> {
    await waitFor(async () => (await me(token, base)).response.status === status, { timeoutMs: 5000, intervalMs: 10, what: `${base} to answer ${status}` });
    return Date.now() - startedAt;
  }

  const sessionEvents = (userId: string) =>
    db.query<{ session_id: string; reason: string; actor: string }>(
      `SELECT envelope->'data'->>'session_id' AS session_id, envelope->'data'->>'reason' AS reason, envelope->'actor'->>'id' AS actor
       FROM auth.outbox WHERE envelope->>'type' = 'SessionRevoked' AND envelope->'subject'->>'id' = $1 ORDER BY position`,
      [userId],
    );

  const sidOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sid: string }).sid;

  async function newUser(prefix: string): Promise<{ id: string; email: string; password: string }> {
    const email = uniqueEmail(prefix);
    const password = strongPassword();
    return { id: await register(stack.baseUrl, email, password), email, password };
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    db = await Db.connect(stack.databaseUrl);
    admin = await adminToken(stack.baseUrl);
    const port = await freePort();
    stack.launchReplica('gateway-2', 'api-gateway', { PORT: String(port) });
    gateways = [stack.baseUrl, `http://127.0.0.1:${port}`];
    await waitFor(async () => (await fetch(`${gateways[1]}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 90_000,
      what: 'the second gateway',
    });
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('access tokens carry sid and auth_time; the list shows address, agent and the current session', async () => {
    const user = await newUser('list');
    const laptop = await signIn(user.email, user.password, '203.0.113.10', 'Laptop/1.0');
    const phone = await signIn(user.email, user.password, '198.51.100.20', 'Phone/2.0', gateways[1]);
    const claims = JSON.parse(Buffer.from(laptop.access_token.split('.')[1], 'base64url').toString('utf8')) as { sid: string; auth_time: number; iat: number };
    expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.auth_time).toBeLessThanOrEqual(claims.iat);

    const list = await sessions(laptop.access_token);

    expect(list.response.status).toBe(200);
    expect(list.data?.items).toHaveLength(2);
    expect(list.data?.items).toEqual(
      expect.arrayContaining([
        {
          id: sidOf(laptop.access_token),
          created_at: expect.any(String),
          last_used_at: expect.any(String),
          ip: '203.0.113.10',
          user_agent: 'Laptop/1.0',
          current: true,
        },
        {
          id: sidOf(phone.access_token),
          created_at: expect.any(String),
          last_used_at: expect.any(String),
          ip: '198.51.100.20',
          user_agent: 'Phone/2.0',
          current: false,
        },
      ]),
    );
  });

  it('a password change ends every other session within a second on both gateways; the current one keeps working', async () => {
    const user = await newUser('pwchange');
    const current = await signIn(user.email, user.password, '203.0.113.11', 'Current/1.0');
    const other = await signIn(user.email, user.password, '198.51.100.21', 'Stolen/1.0', gateways[1]);
    for (const g of gateways) expect((await me(other.access_token, g)).response.status).toBe(200);

    const startedAt = Date.now();
    const changed = await changePassword(stack.baseUrl, current.access_token, user.password, strongPassword());
    expect(changed.status).toBe(204);
    const answeredAt = Date.now();
    const answeredAfter = answeredAt - startedAt;

    // Within a second of the change taking effect (its answer): the two argon2id hashes before it
    // take what the machine gives them and are not part of the propagation.
    const times = await Promise.all(gateways.map((g) => until(g, other.access_token, 401, answeredAt)));
    console.log(
      `password change answered after ${answeredAfter} ms; other session's access token rejected ${times[0]} ms (gateway 1), ${times[1]} ms (gateway 2) after the answer`,
    );
    for (const t of times) expect(t).toBeLessThanOrEqual(PROPAGATION_MS);
    const refused = await waitFor(
      async () => {
        const r = await refresh(other, gateways[1]);
        return r.response.status === 401 ? r : undefined;
      },
      { timeoutMs: 5000, intervalMs: 20, what: 'the other refresh token to be refused' },
    );
    expect(refused.error?.code).toBe('INVALID_TOKEN');
    console.log(`password change -> other session's refresh token refused after ${Date.now() - startedAt} ms`);

    for (const g of gateways) expect((await me(current.access_token, g)).response.status).toBe(200);
    const next = await refresh(current);
    expect(next.response.status).toBe(200);
    if (!next.data) throw new Error('no refreshed pair');
    seen.push(next.data.access_token, next.data.refresh_token);
    expect((await sessions(next.data.access_token)).data?.items.map((s) => s.id)).toEqual([sidOf(current.access_token)]);
    expect(await sessionEvents(user.id)).toEqual([{ session_id: sidOf(other.access_token), reason: 'password_changed', actor: user.id }]);
  });

  it('a user ends one session by id (404 for anyone else’s, 400 for a bad id), then all but the current one', async () => {
    const user = await newUser('end');
    const stranger = await newUser('stranger');
    const a = await signIn(user.email, user.password, '203.0.113.12', 'A/1.0');
    const b = await signIn(user.email, user.password, '203.0.113.13', 'B/1.0');
    const c = await signIn(user.email, user.password, '203.0.113.14', 'C/1.0');
    const strangerPair = await signIn(stranger.email, stranger.password, '203.0.113.15', 'S/1.0');

    const endSession = (token: string, id: string) => apiClient(stack.baseUrl, token).DELETE('/auth/sessions/{id}', { params: { path: { id } } });
    const foreign = await endSession(strangerPair.access_token, sidOf(a.access_token));
    expect(foreign.response.status).toBe(404);
    expect(foreign.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const bad = await endSession(a.access_token, 'not-a-uuid');
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'VALIDATION_FAILED', request_id: expect.any(String) });
    expect((await me(a.access_token, gateways[1])).response.status).toBe(200);

    const startedAt = Date.now();
    expect((await endSession(a.access_token, sidOf(b.access_token))).response.status).toBe(204);
    // The answering gateway rejects at once; the other within the second.
    expect((await me(b.access_token, stack.baseUrl)).response.status).toBe(401);
    expect(await until(gateways[1], b.access_token, 401, startedAt)).toBeLessThanOrEqual(PROPAGATION_MS);
    expect((await refresh(b)).response.status).toBe(401);

    expect((await apiClient(gateways[1], a.access_token).DELETE('/auth/sessions')).response.status).toBe(204);
    expect((await me(c.access_token, gateways[1])).response.status).toBe(401);
    expect(await until(stack.baseUrl, c.access_token, 401, Date.now())).toBeLessThanOrEqual(PROPAGATION_MS);
    expect((await me(a.access_token, stack.baseUrl)).response.status).toBe(200);
    expect((await sessions(a.access_token)).data?.items.map((s) => s.id)).toEqual([sidOf(a.access_token)]);
    expect((await sessions(strangerPair.access_token)).data?.items).toHaveLength(1);
    expect((await sessionEvents(user.id)).map((e) => e.reason)).toEqual(['user', 'user']);
  });

  it('an admin lists and ends an account’s sessions; other roles are refused', async () => {
    const user = await newUser('admin-end');
    const pair = await signIn(user.email, user.password, '203.0.113.16', 'Kiosk/1.0');

    const ofUser = (id: string) => ({ params: { path: { id } } });
    const list = await apiClient(stack.baseUrl, admin).GET('/admin/users/{id}/sessions', ofUser(user.id));
    expect(list.response.status).toBe(200);
    expect(list.data?.items).toEqual([expect.objectContaining({ id: sidOf(pair.access_token), ip: '203.0.113.16', user_agent: 'Kiosk/1.0', current: false })]);
    expect((await apiClient(stack.baseUrl, pair.access_token).GET('/admin/users/{id}/sessions', ofUser(user.id))).response.status).toBe(403);
    expect((await apiClient(stack.baseUrl, admin).GET('/admin/users/{id}/sessions', ofUser('not-a-uuid'))).response.status).toBe(400);
    const unknown = await apiClient(stack.baseUrl, admin).GET('/admin/users/{id}/sessions', ofUser('00000000-0000-7000-8000-000000000000'));
    expect(unknown.response.status).toBe(404);

    const startedAt = Date.now();
    expect((await apiClient(gateways[1], admin).DELETE('/admin/users/{id}/sessions', ofUser(user.id))).response.status).toBe(204);
    expect(await until(stack.baseUrl, pair.access_token, 401, startedAt)).toBeLessThanOrEqual(PROPAGATION_MS);
    expect((await refresh(pair)).response.status).toBe(401);
    expect((await apiClient(stack.baseUrl, admin).GET('/admin/users/{id}/sessions', ofUser(user.id))).data?.items).toEqual([]);
    const adminId = (await me(admin, stack.baseUrl)).data?.id;
    expect(await sessionEvents(user.id)).toEqual([{ session_id: sidOf(pair.access_token), reason: 'admin', actor: adminId }]);
    // The account itself is fine: it signs in again.
    await signIn(user.email, user.password, '203.0.113.16', 'Kiosk/1.0');
  });

  it('an admin password reset ends every session of the account', async () => {
    const user = await newUser('reset');
    const pairs = [await signIn(user.email, user.password, '203.0.113.17', 'R1/1.0'), await signIn(user.email, user.password, '203.0.113.18', 'R2/1.0')];

    const startedAt = Date.now();
    const reset = await apiClient(stack.baseUrl, admin).POST('/admin/users/{id}/reset-password', { params: { path: { id: user.id } } });
    expect(reset.response.status).toBe(200);
    seen.push(reset.data?.temporary_password ?? '');

    for (const pair of pairs) {
      expect(await until(gateways[1], pair.access_token, 401, startedAt)).toBeLessThanOrEqual(PROPAGATION_MS);
      expect((await refresh(pair)).response.status).toBe(401);
    }
    const events = await sessionEvents(user.id);
    expect(events.map((e) => e.session_id).sort()).toEqual(pairs.map((p) => sidOf(p.access_token)).sort());
    expect(new Set(events.map((e) => e.reason))).toEqual(new Set(['password_reset']));
  });

  it('the idle timeout, set small at runtime, ends a session that is not refreshed in time', async () => {
    const put = await apiClient(gateways[1], admin).PUT('/admin/settings', { body: { session_idle_timeout_seconds: 10 } });
    expect(put.response.status).toBe(200);
    expect(put.data?.session_idle_timeout_seconds).toBe(10);
    const version = Number(/^"(\d+)"$/.exec(put.response.headers.get('etag') ?? '')?.[1]);
    await waitFor(
      () =>
        stack.logs.some((l) => l.includes('runtime settings applied') && l.includes('"service":"auth-service"') && l.includes(`"settings_version":${version}`)),
      {
        timeoutMs: 10_000,
        what: 'auth-service to apply the idle timeout',
      },
    );
    const user = await newUser('idle');

    // The login answer says how long the refresh token stays usable unused: the idle timeout.
    const activeLogin = await login(stack.baseUrl, user.email, user.password, { 'user-agent': 'Idle/1.0' });
    expect(activeLogin.status).toBe(200);
    const active = activeLogin.body;
    seen.push(active.access_token, active.refresh_token);
    expect(active.refresh_expires_in).toBe(10);
    const idle = await signIn(user.email, user.password, '203.0.113.19', 'Idle/2.0');

    // Used within the timeout: refreshed, the idle clock restarts.
    const used = await refresh(active);
    expect(used.response.status).toBe(200);
    seen.push(used.data?.access_token ?? '', used.data?.refresh_token ?? '');

    // Not used for longer than the timeout: the next refresh is refused and the session ends.
    const idleSid = sidOf(idle.access_token);
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM auth.sessions WHERE id = $1 AND last_used_at < now() - interval '10.5 seconds'`, [idleSid])).length > 0,
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: 'the session to be idle for longer than the timeout',
      },
    );
    const refused = await refresh(idle);
    expect(refused.response.status).toBe(401);
    expect(refused.error?.code).toBe('INVALID_TOKEN');
    const events = await sessionEvents(user.id);
    expect(events).toEqual([{ session_id: idleSid, reason: 'idle_timeout', actor: user.id }]);
    for (const g of gateways) await until(g, idle.access_token, 401, Date.now());

    const restored = await apiClient(gateways[1], admin).PUT('/admin/settings', { body: { session_idle_timeout_seconds: 7 * 86_400 } });
    expect(restored.response.status).toBe(200);
  });

  it('is documented in OpenAPI: every session route, with its OAuth scope requirement and the list schema', async () => {
    type Schema = { $ref?: string; properties?: Record<string, unknown> };
    type Operation = { security?: unknown[]; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
    // The document itself, which the document does not describe.
    const doc = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (schema: Schema | undefined): Schema | undefined =>
      schema?.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    expect(Object.keys(doc.paths['/auth/sessions']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/auth/sessions/{id}'])).toEqual(['delete']);
    expect(Object.keys(doc.paths['/admin/users/{id}/sessions']).sort()).toEqual(['delete', 'get']);
    for (const path of ['/auth/sessions', '/auth/sessions/{id}', '/admin/users/{id}/sessions']) {
      for (const op of Object.values(doc.paths[path])) expect(op.security).toEqual([{ oauth2: expect.any(Array) }]);
    }
    expect(Object.keys(resolve(doc.paths['/auth/sessions'].get.responses['200'].content?.['application/json'].schema)?.properties ?? {})).toEqual(['items']);
  });

  it('no SessionRevoked event, log line or error body carries a token', async () => {
    const events = await db.query<{ envelope: unknown }>(`SELECT envelope FROM auth.outbox WHERE envelope->>'type' = 'SessionRevoked'`);
    expect(events.length).toBeGreaterThan(0);
    const haystack = JSON.stringify(events) + stack.logs.join('\n');
    for (const secret of seen.filter(Boolean)) {
      // A JWT's signature or an opaque token's random part is enough to use it.
      const part = secret.includes('.') ? secret.split('.')[2] : secret.slice(-24);
      expect(haystack).not.toContain(part);
    }
  });
});
