/**
 * User administration over HTTP with the stack as real processes (a second gateway replica
 * for revocation), every admin operation and its events, bad input on every identity endpoint,
 * HTTP hygiene, the production refusal of default passwords, and a canary: a sentinel password
 * and the tokens issued for it, used through the whole flow, must appear in no log line, event,
 * audit record or error body.
 */
import { randomBytes } from 'node:crypto';
import { freePort, http, ServiceStack, waitFor } from '@tr4ction/testing';
import type { Middleware } from 'openapi-fetch';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { changePassword, Db, login, register, relaunch, strongPassword, token, uniqueEmail } from '../support/identity';

const ORIGIN = 'https://app.example.com';

describe('user administration (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;
  let admin: string;
  let adminId: string;
  let secondGateway: string;
  /** Every non-2xx body seen, for the canary. */
  const errorBodies: string[] = [];

  const recordErrorBodies: Middleware = {
    async onResponse({ response }) {
      if (response.status >= 300) errorBodies.push(await response.clone().text());
    },
  };

  /** The typed client as the holder of `token`; every non-2xx body it sees goes to the canary. */
  function api(token?: string, baseUrl = stack.baseUrl): ApiClient {
    const client = apiClient(baseUrl, token);
    client.use(recordErrorBodies);
    return client;
  }

  /** For requests malformed on purpose (bodies, ids, queries and tokens the document refuses); their bodies go to the canary too. */
  async function raw(method: string, path: string, options: Parameters<typeof http>[3] = {}) {
    const res = await http(stack.baseUrl, method, path, options);
    if (res.status >= 300) errorBodies.push(res.text);
    return res;
  }

  /** An admin route as a request to send with a client, so a loop can try it as several callers. */
  type Attempt = [path: string, send: (client: ApiClient) => Promise<{ response: Response; error?: { code: string } }>];

  async function events(
    schema: 'users' | 'auth',
    subjectId: string,
    type: string,
  ): Promise<Array<{ actor: { id: string | null }; data: Record<string, unknown> }>> {
    return (
      await db.query<{ envelope: { actor: { id: string | null }; data: Record<string, unknown> } }>(
        `SELECT envelope FROM ${schema}.outbox WHERE envelope->>'type' = $1 AND envelope->'subject'->>'id' = $2 ORDER BY position`,
        [type, subjectId],
      )
    ).map((r) => r.envelope);
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { LOG_LEVEL: 'debug', CORS_ORIGINS: ORIGIN } });
    db = await Db.connect(stack.databaseUrl);
    admin = await adminToken(stack.baseUrl);
    adminId = (await api(admin).GET('/auth/me')).data?.id ?? '';
    const port = await freePort();
    stack.launchReplica('gateway-2', 'api-gateway', { PORT: String(port), LOG_LEVEL: 'debug', CORS_ORIGINS: ORIGIN });
    secondGateway = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${secondGateway}/health/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      what: 'the second gateway',
    });
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('needs a token and the admin role', async () => {
    const founder = uniqueEmail('founder');
    const password = strongPassword();
    await register(stack.baseUrl, founder, password);
    const founderToken = await token(stack.baseUrl, founder, password);
    const someId = '01a21fca-63bf-71eb-ac91-3d30b682b592';
    const params = { params: { path: { id: someId } } };
    const routes: Attempt[] = [
      ['GET /admin/users', (c) => c.GET('/admin/users')],
      ['POST /admin/users', (c) => c.POST('/admin/users', { body: { email: uniqueEmail('x'), roles: ['founder'] } })],
      ['DELETE /admin/users/{id}', (c) => c.DELETE('/admin/users/{id}', params)],
      ['PUT /admin/users/{id}/roles', (c) => c.PUT('/admin/users/{id}/roles', { ...params, body: { roles: ['admin'] } })],
      ['POST /admin/users/{id}/unlock', (c) => c.POST('/admin/users/{id}/unlock', params)],
      ['POST /admin/users/{id}/reset-password', (c) => c.POST('/admin/users/{id}/reset-password', params)],
      ['POST /admin/users/{id}/revoke-tokens', (c) => c.POST('/admin/users/{id}/revoke-tokens', params)],
    ];
    for (const [path, send] of routes) {
      expect({ path, status: (await send(api())).response.status }).toEqual({ path, status: 401 });
      const res = await send(api(founderToken));
      expect({ path, status: res.response.status, code: res.error?.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
  });

  it('creates an account with a temporary password shown once and changed at first login', async () => {
    const email = uniqueEmail('created');
    const res = await api(admin).POST('/admin/users', { body: { email, name: 'Ada Auditor', roles: ['auditor'] } });
    expect(res.response.status).toBe(201);
    if (!res.data) throw new Error('no user created');
    const made = res.data;
    expect(made).toMatchObject({ id: expect.any(String), roles: ['auditor'] });
    expect(made.temporary_password.length).toBeGreaterThanOrEqual(20);
    expect(res.response.headers.get('cache-control')).toBe('no-store');

    const first = await login(stack.baseUrl, email, made.temporary_password);
    expect(first.body.password_change_required).toBe(true);
    // The temporary password was seen by the admin: it cannot be kept.
    const keep = await changePassword(stack.baseUrl, first.body.access_token, made.temporary_password, made.temporary_password);
    expect(keep.body.violations?.map((v) => v.rule)).toEqual(['history']);
    const own = strongPassword();
    expect((await changePassword(stack.baseUrl, first.body.access_token, made.temporary_password, own)).status).toBe(204);
    const auditor = await token(stack.baseUrl, email, own);
    expect((await api(auditor).GET('/audit/events', { params: { query: { limit: '1' } } })).response.status).toBe(200);

    const [created] = await events('users', made.id, 'UserCreated');
    expect(created).toMatchObject({ actor: { id: adminId }, data: { email, roles: ['auditor'], must_change_password: true } });
    expect(JSON.stringify(created)).not.toContain(made.temporary_password);
    expect((await api(admin).POST('/admin/users', { body: { email: email.toUpperCase(), roles: ['founder'] } })).error).toMatchObject({
      status: 409,
      code: 'EMAIL_TAKEN',
    });
  });

  it('lists accounts with keyset paging', async () => {
    for (let i = 0; i < 5; i++) await register(stack.baseUrl, uniqueEmail('page'), strongPassword());
    const all = await api(admin).GET('/admin/users', { params: { query: { limit: '200' } } });
    expect(all.data?.next_cursor).toBeNull();
    const usersPage = (cursor: string | null | undefined) =>
      api(admin).GET('/admin/users', { params: { query: { limit: '2', ...(cursor ? { cursor } : {}) } } });
    const seen: string[] = [];
    let cursor: string | null | undefined = null;
    do {
      const page = await usersPage(cursor);
      expect(page.response.status).toBe(200);
      const items = page.data?.items ?? [];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((u) => u.id));
      cursor = page.data?.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.data?.items.map((u) => u.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    expect(all.data?.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), email: expect.any(String), roles: expect.any(Array), locked: false, created_at: expect.any(String) }),
    );
    expect(JSON.stringify(all.data)).not.toMatch(/argon2|password_hash|history/);
  });

  it('changes roles: RolesChanged, old tokens revoked on every gateway, new tokens carry the new roles', async () => {
    const email = uniqueEmail('roles');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const before = await token(stack.baseUrl, email, password);
    const auditPage = { params: { query: { limit: '1' } } };
    expect((await api(before).GET('/audit/events', auditPage)).response.status).toBe(403);
    const res = await api(admin).PUT('/admin/users/{id}/roles', { params: { path: { id } }, body: { roles: ['founder', 'auditor'] } });
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({ id, roles: ['founder', 'auditor'] });
    expect((await events('users', id, 'RolesChanged'))[0]).toMatchObject({
      actor: { id: adminId },
      data: { before: ['founder'], after: ['founder', 'auditor'] },
    });
    expect((await api(before).GET('/auth/me')).error).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
    await waitFor(async () => (await api(before, secondGateway).GET('/auth/me')).response.status === 401, {
      timeoutMs: 10_000,
      what: 'the revocation on the second gateway',
    });
    const after = await token(stack.baseUrl, email, password);
    expect((await api(after).GET('/audit/events', auditPage)).response.status).toBe(200);
    expect((await api(after, secondGateway).GET('/audit/events', auditPage)).response.status).toBe(200);
  });

  it('revoke-tokens: access tokens fail at once, refresh tokens are revoked, TokenRevoked is recorded, a new login works', async () => {
    const email = uniqueEmail('revoke');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const sessions = [await login(stack.baseUrl, email, password), await login(stack.baseUrl, email, password)];
    expect((await api(admin).POST('/admin/users/{id}/revoke-tokens', { params: { path: { id } } })).response.status).toBe(204);
    for (const s of sessions) expect((await api(s.body.access_token).GET('/auth/me')).response.status).toBe(401);
    const rows = await db.query<{ live: number }>(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM auth.refresh_tokens WHERE user_id = $1`,
      [id],
    );
    expect(rows[0].live).toBe(0);
    expect((await events('auth', id, 'TokenRevoked'))[0]).toMatchObject({ actor: { id: adminId }, data: { scope: 'user' } });
    const fresh = await login(stack.baseUrl, email, password);
    expect((await api(fresh.body.access_token).GET('/auth/me')).response.status).toBe(200);
  });

  it('resets a password: temporary password once, old password and tokens void, forced change', async () => {
    const email = uniqueEmail('reset');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const old = await token(stack.baseUrl, email, password);
    const res = await api(admin).POST('/admin/users/{id}/reset-password', { params: { path: { id } } });
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('cache-control')).toBe('no-store');
    const temporary = res.data?.temporary_password ?? '';
    expect((await login(stack.baseUrl, email, password)).status).toBe(401);
    expect((await api(old).GET('/auth/me')).response.status).toBe(401);
    const first = await login(stack.baseUrl, email, temporary);
    expect(first.body.password_change_required).toBe(true);
    // The password before the reset is still history (the temporary one never joins it).
    expect((await changePassword(stack.baseUrl, first.body.access_token, temporary, password)).body.violations?.map((v) => v.rule)).toEqual(['history']);
    expect((await changePassword(stack.baseUrl, first.body.access_token, temporary, strongPassword())).status).toBe(204);
    expect((await events('users', id, 'PasswordResetByAdmin'))[0]).toMatchObject({ actor: { id: adminId }, data: { must_change_password: true } });
  });

  it('deletes an account: UserDeleted, login and tokens fail, the email is free again; the last admin stays', async () => {
    const email = uniqueEmail('delete');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const t = await token(stack.baseUrl, email, password);
    const params = { params: { path: { id } } };
    expect((await api(admin).DELETE('/admin/users/{id}', params)).response.status).toBe(204);
    expect((await login(stack.baseUrl, email, password)).status).toBe(401);
    expect((await api(t).GET('/auth/me')).response.status).toBe(401);
    expect((await events('users', id, 'UserDeleted'))[0]).toMatchObject({ actor: { id: adminId } });
    expect((await db.query(`SELECT 1 FROM users.credentials WHERE user_id = $1`, [id])).length).toBe(0);
    expect((await api(admin).DELETE('/admin/users/{id}', params)).response.status).toBe(404);
    await register(stack.baseUrl, email, strongPassword());

    const self = { params: { path: { id: adminId } } };
    expect((await api(admin).DELETE('/admin/users/{id}', self)).error).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect((await api(admin).PUT('/admin/users/{id}/roles', { ...self, body: { roles: ['founder'] } })).error).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('answers 404 for an id that is no account', async () => {
    const ghost = { params: { path: { id: '01a21fca-0000-7000-8000-000000000000' } } };
    const attempts: Attempt[] = [
      ['DELETE /admin/users/{id}', (c) => c.DELETE('/admin/users/{id}', ghost)],
      ['PUT /admin/users/{id}/roles', (c) => c.PUT('/admin/users/{id}/roles', { ...ghost, body: { roles: ['founder'] } })],
      ['POST /admin/users/{id}/unlock', (c) => c.POST('/admin/users/{id}/unlock', ghost)],
      ['POST /admin/users/{id}/reset-password', (c) => c.POST('/admin/users/{id}/reset-password', ghost)],
      ['POST /admin/users/{id}/revoke-tokens', (c) => c.POST('/admin/users/{id}/revoke-tokens', ghost)],
    ];
    for (const [path, send] of attempts) {
      const res = await send(api(admin));
      expect({ path, status: res.response.status, code: res.error?.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });

  describe('bad input on every identity endpoint: 4xx problem JSON, never a 500', () => {
    const id = '01a21fca-63bf-71eb-ac91-3d30b682b592';
    const BAD_BODIES: Array<[string, { rawBody?: string; body?: unknown; headers?: Record<string, string> }]> = [
      ['malformed JSON', { rawBody: '{"a":' }],
      ['a JSON array', { body: [1, 2] }],
      ['a JSON string', { body: 'text' }],
      ['null', { rawBody: 'null' }],
      ['wrong types', { body: { email: 42, password: ['x'], roles: 'admin', current_password: {}, new_password: 7 } }],
      ['unknown roles', { body: { email: 'r@example.com', roles: ['root'] } }],
      ['empty roles', { body: { email: 'r@example.com', roles: [] } }],
      ['duplicate roles', { body: { email: 'r@example.com', roles: ['admin', 'admin'] } }],
      [
        'NUL bytes',
        { body: { email: 'a\u0000@example.com', password: 'x\u0000y', current_password: '\u0000', new_password: '\u0000', roles: ['admin\u0000'] } },
      ],
      ['prototype pollution', { rawBody: '{"__proto__":{"admin":true},"email":"p@example.com","password":"Tidal-Orchid-4821!"}' }],
      ['an XML body', { rawBody: '<a/>', headers: { 'content-type': 'application/xml' } }],
      ['a 2 MB body', { rawBody: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(2 * 1024 * 1024) }) }],
    ];
    const ENDPOINTS: Array<[string, string, boolean]> = [
      ['POST', '/auth/register', false],
      ['POST', '/auth/login', false],
      ['POST', '/auth/change-password', true],
      ['POST', '/admin/users', true],
      ['PUT', `/admin/users/${id}/roles`, true],
    ];

    it.each(ENDPOINTS)('%s %s', async (method, path, authenticated) => {
      for (const [name, request] of BAD_BODIES) {
        const res = await raw(method, path, { ...request, ...(authenticated ? { token: admin } : {}) });
        expect({ name, status: res.status >= 400 && res.status < 500 }).toEqual({ name, status: true });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), request_id: expect.any(String) });
        expect(res.text).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT|argon2/);
      }
    });

    it('bad ids, queries and tokens', async () => {
      // Sent raw: the typed client would encode these ids, refuse the queries' types and send no such token.
      const requests: Array<[string, string, string | undefined]> = [
        ['GET', '/admin/users?limit=abc', admin],
        ['GET', '/admin/users?limit=0', admin],
        ['GET', '/admin/users?limit=999', admin],
        ['GET', '/admin/users?limit=-1', admin],
        ['GET', '/admin/users?cursor=!!!', admin],
        ['GET', '/admin/users?cursor=QUFBQQ', admin],
        ['GET', `/admin/users?cursor=${'A'.repeat(500)}`, admin],
        ['GET', '/admin/users?cursor=a&cursor=b', admin],
        ...['not-a-uuid', '..%2F..%2Fetc', 'x'.repeat(300), '01a21fca-63bf-71eb-ac91-3d30b682b59Z', '%00'].flatMap(
          (bad): Array<[string, string, string | undefined]> => [
            ['DELETE', `/admin/users/${bad}`, admin],
            ['PUT', `/admin/users/${bad}/roles`, admin],
            ['POST', `/admin/users/${bad}/unlock`, admin],
            ['POST', `/admin/users/${bad}/reset-password`, admin],
            ['POST', `/admin/users/${bad}/revoke-tokens`, admin],
          ],
        ),
        ['GET', '/auth/me', 'not.a.jwt'],
        ['GET', '/auth/me', `${admin.slice(0, -4)}AAAA`],
        ['GET', '/admin/users', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
      ];
      for (const [method, path, t] of requests) {
        const res = await raw(method, path, { token: t, ...(method === 'PUT' ? { body: { roles: ['founder'] } } : {}) });
        expect({ path: path.slice(0, 80), ok: res.status >= 400 && res.status < 500 }).toEqual({ path: path.slice(0, 80), ok: true });
        expect({ path: path.slice(0, 80), type: res.headers.get('content-type') }).toEqual({
          path: path.slice(0, 80),
          type: expect.stringContaining('application/problem+json'),
        });
      }
    });
  });

  describe('HTTP hygiene', () => {
    it('CORS only for configured origins, with credentials; security headers; no-store on identity answers', async () => {
      const pre = await fetch(`${stack.baseUrl}/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
      const evil = await fetch(`${stack.baseUrl}/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const res = await login(stack.baseUrl, uniqueEmail('nobody'), 'Whatever-123!');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBeTruthy();
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('canary', () => {
    it('a sentinel password and its tokens, used through the whole flow, appear in no log, event, audit record or error body', async () => {
      const tag = randomBytes(6).toString('hex');
      const sentinels = [`Canary-${tag}-Sentinel-1!`, `Canary-${tag}-Sentinel-2!`];
      const email = uniqueEmail('cn');
      const secrets: string[] = [...sentinels];
      const id = await register(stack.baseUrl, email, sentinels[0]);
      const first = await login(stack.baseUrl, email, sentinels[0]);
      secrets.push(first.body.access_token, first.body.refresh_token);
      await api(first.body.access_token).GET('/auth/me');
      await api().POST('/auth/login', { body: { email, password: `${sentinels[0]}x` } });
      await api(first.body.access_token).POST('/auth/change-password', { body: { current_password: `${sentinels[0]}x`, new_password: sentinels[1] } });
      await api(first.body.access_token).POST('/auth/change-password', {
        body: { current_password: sentinels[0], new_password: `${sentinels[0].slice(0, 8)}` },
      });
      await api().POST('/auth/register', { body: { email, password: sentinels[0] } });
      await api().POST('/auth/register', { body: { email: uniqueEmail('cn2'), password: `canary${tag}` } });
      expect((await changePassword(stack.baseUrl, first.body.access_token, sentinels[0], sentinels[1])).status).toBe(204);
      const second = await login(stack.baseUrl, email, sentinels[1]);
      secrets.push(second.body.access_token, second.body.refresh_token);
      const reset = await api(admin).POST('/admin/users/{id}/reset-password', { params: { path: { id } } });
      const temporary = reset.data?.temporary_password ?? '';
      secrets.push(temporary);
      await api(second.body.access_token).GET('/auth/me');
      const third = await login(stack.baseUrl, email, temporary);
      secrets.push(third.body.access_token, third.body.refresh_token);
      await api(third.body.access_token).GET('/auth/me');
      await api(admin).POST('/admin/users/{id}/revoke-tokens', { params: { path: { id } } });
      await api(third.body.access_token, secondGateway).GET('/auth/me');
      for (let i = 0; i < 6; i++) await api().POST('/auth/login', { body: { email, password: sentinels[1] } });
      // Let the events reach the audit log, then look everywhere.
      await waitFor(
        async () =>
          (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.audit_log_v1 WHERE subject_id = $1 AND type = 'AccountLocked'`, [id]))[0].n ===
          1,
        { timeoutMs: 30_000, what: 'the canary events in the audit log' },
      );

      const tables = await db.query<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('users', 'auth', 'audit', 'rotation', 'gateway') AND table_type = 'BASE TABLE'`,
      );
      const where: string[] = [];
      for (const { s, t } of tables) {
        const rows = await db.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM "${s}"."${t}" x`);
        const text = rows.map((r) => r.row).join('\n');
        for (const secret of secrets) if (text.includes(secret) || text.includes(secret.split('.')[2] ?? secret)) where.push(`${s}.${t}`);
      }
      const logs = stack.logs.join('\n');
      const errors = errorBodies.join('\n');
      for (const secret of secrets) {
        const parts = secret.split('.');
        const needles = parts.length === 3 ? [secret, parts[1], parts[2]] : [secret];
        for (const n of needles) {
          if (logs.includes(n)) where.push('logs');
          if (errors.includes(n)) where.push('error bodies');
        }
      }
      expect(where).toEqual([]);
      expect(stack.logs.length).toBeGreaterThan(50);
      expect(tables.length).toBeGreaterThan(8);
      console.log(
        `canary: ${secrets.length} secrets checked against ${stack.logs.length} log lines, ${tables.length} tables, ${errorBodies.length} error bodies`,
      );
    });
  });

  describe('production', () => {
    it('user-service refuses to start while an account has a default password, and never seeds them', async () => {
      await stack.stopService('user-service');
      stack.launch('user-service', { ENVIRONMENT: 'production' });
      await waitFor(async () => !stack.isRunning('user-service'), { timeoutMs: 60_000, what: 'user-service to refuse to start' });
      const refusal = stack.logs.find((l) => l.includes('refusing to start in production'));
      expect(refusal).toContain('demo@tr4ction.com');
      expect(refusal).not.toContain('admin@tr4ction.com');

      // The default account goes; production then starts, and creates no default account.
      stack.launch('user-service');
      await stack.waitReady(60_000);
      const demo = (await api(admin).GET('/admin/users', { params: { query: { limit: '200' } } })).data?.items.find((u) => u.email === 'demo@tr4ction.com');
      expect((await api(admin).DELETE('/admin/users/{id}', { params: { path: { id: String(demo?.id) } } })).response.status).toBe(204);
      await relaunch(stack, 'user-service', { ENVIRONMENT: 'production' });
      expect(stack.isRunning('user-service')).toBe(true);
      expect((await login(stack.baseUrl, 'demo@tr4ction.com', 'demo123')).status).toBe(401);
      expect((await db.query(`SELECT 1 FROM users.users_v1 WHERE email_normalized = 'demo@tr4ction.com'`)).length).toBe(0);
    });
  });
});
