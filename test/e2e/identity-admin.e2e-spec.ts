/**
 * User administration over HTTP with the stack as real processes (a second gateway replica
 * for revocation), every admin operation and its events, bad input on every identity endpoint,
 * HTTP hygiene, the production refusal of default passwords, and a canary: a sentinel password
 * and the tokens issued for it, used through the whole flow, must appear in no log line, event,
 * audit record or error body.
 */
import { randomBytes } from 'node:crypto';
import { freePort, http, ServiceStack, waitFor, type HttpResult } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { changePassword, Db, login, register, relaunch, strongPassword, token, uniqueEmail } from '../support/identity';

interface UserView {
  id: string;
  email: string;
  roles: string[];
  locked: boolean;
  password_change_required: boolean;
}

const ORIGIN = 'https://app.example.com';

describe('user administration (e2e)', () => {
  let stack: ServiceStack;
  let db: Db;
  let admin: string;
  let adminId: string;
  let secondGateway: string;
  /** Every non-2xx body seen, for the canary. */
  const errorBodies: string[] = [];

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: Parameters<typeof http>[3] = {},
    baseUrl = stack.baseUrl,
  ): Promise<HttpResult<T>> {
    const res = await http<T>(baseUrl, method, path, options);
    if (res.status >= 300) errorBodies.push(res.text);
    return res;
  }

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
    adminId = (await http<{ id: string }>(stack.baseUrl, 'GET', '/auth/me', { token: admin })).body.id;
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
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/admin/users'],
      ['POST', '/admin/users', { email: uniqueEmail('x'), roles: ['founder'] }],
      ['DELETE', `/admin/users/${someId}`],
      ['PUT', `/admin/users/${someId}/roles`, { roles: ['admin'] }],
      ['POST', `/admin/users/${someId}/unlock`],
      ['POST', `/admin/users/${someId}/reset-password`],
      ['POST', `/admin/users/${someId}/revoke-tokens`],
    ];
    for (const [method, path, body] of routes) {
      expect({ path, status: (await call(method, path, { body })).status }).toEqual({ path, status: 401 });
      const res = await call(method, path, { body, token: founderToken });
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
  });

  it('creates an account with a temporary password shown once and changed at first login', async () => {
    const email = uniqueEmail('created');
    const res = await call<{ id: string; temporary_password: string; roles: string[] }>('POST', '/admin/users', {
      token: admin,
      body: { email, name: 'Ada Auditor', roles: ['auditor'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), roles: ['auditor'] });
    expect(res.body.temporary_password.length).toBeGreaterThanOrEqual(20);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const first = await login(stack.baseUrl, email, res.body.temporary_password);
    expect(first.body.password_change_required).toBe(true);
    // The temporary password was seen by the admin: it cannot be kept.
    const keep = await changePassword(stack.baseUrl, first.body.access_token, res.body.temporary_password, res.body.temporary_password);
    expect(keep.body.violations?.map((v) => v.rule)).toEqual(['history']);
    const own = strongPassword();
    expect((await changePassword(stack.baseUrl, first.body.access_token, res.body.temporary_password, own)).status).toBe(204);
    const auditor = await token(stack.baseUrl, email, own);
    expect((await call('GET', '/audit/events?limit=1', { token: auditor })).status).toBe(200);

    const [created] = await events('users', res.body.id, 'UserCreated');
    expect(created).toMatchObject({ actor: { id: adminId }, data: { email, roles: ['auditor'], must_change_password: true } });
    expect(JSON.stringify(created)).not.toContain(res.body.temporary_password);
    expect((await call('POST', '/admin/users', { token: admin, body: { email: email.toUpperCase(), roles: ['founder'] } })).body).toMatchObject({
      status: 409,
      code: 'EMAIL_TAKEN',
    });
  });

  it('lists accounts with keyset paging', async () => {
    for (let i = 0; i < 5; i++) await register(stack.baseUrl, uniqueEmail('page'), strongPassword());
    const all = await call<{ items: UserView[]; next_cursor: string | null }>('GET', '/admin/users?limit=200', { token: admin });
    expect(all.body.next_cursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpResult<{ items: UserView[]; next_cursor: string | null }> = await call(
        'GET',
        `/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((u) => u.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((u) => u.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    expect(all.body.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), email: expect.any(String), roles: expect.any(Array), locked: false, created_at: expect.any(String) }),
    );
    expect(JSON.stringify(all.body)).not.toMatch(/argon2|password_hash|history/);
  });

  it('changes roles: RolesChanged, old tokens revoked on every gateway, new tokens carry the new roles', async () => {
    const email = uniqueEmail('roles');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const before = await token(stack.baseUrl, email, password);
    expect((await call('GET', '/audit/events?limit=1', { token: before })).status).toBe(403);
    const res = await call<{ id: string; roles: string[] }>('PUT', `/admin/users/${id}/roles`, { token: admin, body: { roles: ['founder', 'auditor'] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, roles: ['founder', 'auditor'] });
    expect((await events('users', id, 'RolesChanged'))[0]).toMatchObject({
      actor: { id: adminId },
      data: { before: ['founder'], after: ['founder', 'auditor'] },
    });
    expect((await call('GET', '/auth/me', { token: before })).body).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
    await waitFor(async () => (await call('GET', '/auth/me', { token: before }, secondGateway)).status === 401, {
      timeoutMs: 10_000,
      what: 'the revocation on the second gateway',
    });
    const after = await token(stack.baseUrl, email, password);
    expect((await call('GET', '/audit/events?limit=1', { token: after })).status).toBe(200);
    expect((await call('GET', '/audit/events?limit=1', { token: after }, secondGateway)).status).toBe(200);
  });

  it('revoke-tokens: access tokens fail at once, refresh tokens are revoked, TokenRevoked is recorded, a new login works', async () => {
    const email = uniqueEmail('revoke');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const sessions = [await login(stack.baseUrl, email, password), await login(stack.baseUrl, email, password)];
    expect((await call('POST', `/admin/users/${id}/revoke-tokens`, { token: admin })).status).toBe(204);
    for (const s of sessions) expect((await call('GET', '/auth/me', { token: s.body.access_token })).status).toBe(401);
    const rows = await db.query<{ live: number }>(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM auth.refresh_tokens WHERE user_id = $1`,
      [id],
    );
    expect(rows[0].live).toBe(0);
    expect((await events('auth', id, 'TokenRevoked'))[0]).toMatchObject({ actor: { id: adminId }, data: { scope: 'user' } });
    const fresh = await login(stack.baseUrl, email, password);
    expect((await call('GET', '/auth/me', { token: fresh.body.access_token })).status).toBe(200);
  });

  it('resets a password: temporary password once, old password and tokens void, forced change', async () => {
    const email = uniqueEmail('reset');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const old = await token(stack.baseUrl, email, password);
    const res = await call<{ temporary_password: string }>('POST', `/admin/users/${id}/reset-password`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await login(stack.baseUrl, email, password)).status).toBe(401);
    expect((await call('GET', '/auth/me', { token: old })).status).toBe(401);
    const first = await login(stack.baseUrl, email, res.body.temporary_password);
    expect(first.body.password_change_required).toBe(true);
    // The password before the reset is still history (the temporary one never joins it).
    expect((await changePassword(stack.baseUrl, first.body.access_token, res.body.temporary_password, password)).body.violations?.map((v) => v.rule)).toEqual([
      'history',
    ]);
    expect((await changePassword(stack.baseUrl, first.body.access_token, res.body.temporary_password, strongPassword())).status).toBe(204);
    expect((await events('users', id, 'PasswordResetByAdmin'))[0]).toMatchObject({ actor: { id: adminId }, data: { must_change_password: true } });
  });

  it('deletes an account: UserDeleted, login and tokens fail, the email is free again; the last admin stays', async () => {
    const email = uniqueEmail('delete');
    const password = strongPassword();
    const id = await register(stack.baseUrl, email, password);
    const t = await token(stack.baseUrl, email, password);
    expect((await call('DELETE', `/admin/users/${id}`, { token: admin })).status).toBe(204);
    expect((await login(stack.baseUrl, email, password)).status).toBe(401);
    expect((await call('GET', '/auth/me', { token: t })).status).toBe(401);
    expect((await events('users', id, 'UserDeleted'))[0]).toMatchObject({ actor: { id: adminId } });
    expect((await db.query(`SELECT 1 FROM users.credentials WHERE user_id = $1`, [id])).length).toBe(0);
    for (const path of [`/admin/users/${id}`]) expect((await call('DELETE', path, { token: admin })).status).toBe(404);
    await register(stack.baseUrl, email, strongPassword());

    expect((await call('DELETE', `/admin/users/${adminId}`, { token: admin })).body).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect((await call('PUT', `/admin/users/${adminId}/roles`, { token: admin, body: { roles: ['founder'] } })).body).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('answers 404 for an id that is no account', async () => {
    const ghost = '01a21fca-0000-7000-8000-000000000000';
    for (const [method, path, body] of [
      ['DELETE', `/admin/users/${ghost}`],
      ['PUT', `/admin/users/${ghost}/roles`, { roles: ['founder'] }],
      ['POST', `/admin/users/${ghost}/unlock`],
      ['POST', `/admin/users/${ghost}/reset-password`],
      ['POST', `/admin/users/${ghost}/revoke-tokens`],
    ] as Array<[string, string, unknown?]>) {
      const res = await call(method, path, { token: admin, body });
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
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
        const res = await call(method, path, { ...request, ...(authenticated ? { token: admin } : {}) });
        expect({ name, status: res.status >= 400 && res.status < 500 }).toEqual({ name, status: true });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), request_id: expect.any(String) });
        expect(res.text).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT|argon2/);
      }
    });

    it('bad ids, queries and tokens', async () => {
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
        const res = await call(method, path, { token: t, ...(method === 'PUT' ? { body: { roles: ['founder'] } } : {}) });
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
      await call('GET', '/auth/me', { token: first.body.access_token });
      await call('POST', '/auth/login', { body: { email, password: `${sentinels[0]}x` } });
      await call('POST', '/auth/change-password', {
        token: first.body.access_token,
        body: { current_password: `${sentinels[0]}x`, new_password: sentinels[1] },
      });
      await call('POST', '/auth/change-password', {
        token: first.body.access_token,
        body: { current_password: sentinels[0], new_password: `${sentinels[0].slice(0, 8)}` },
      });
      await call('POST', '/auth/register', { body: { email, password: sentinels[0] } });
      await call('POST', '/auth/register', { body: { email: uniqueEmail('cn2'), password: `canary${tag}` } });
      expect((await changePassword(stack.baseUrl, first.body.access_token, sentinels[0], sentinels[1])).status).toBe(204);
      const second = await login(stack.baseUrl, email, sentinels[1]);
      secrets.push(second.body.access_token, second.body.refresh_token);
      const reset = await call<{ temporary_password: string }>('POST', `/admin/users/${id}/reset-password`, { token: admin });
      secrets.push(reset.body.temporary_password);
      await call('GET', '/auth/me', { token: second.body.access_token });
      const third = await login(stack.baseUrl, email, reset.body.temporary_password);
      secrets.push(third.body.access_token, third.body.refresh_token);
      await call('GET', '/auth/me', { token: third.body.access_token });
      await call('POST', `/admin/users/${id}/revoke-tokens`, { token: admin });
      await call('GET', '/auth/me', { token: third.body.access_token }, secondGateway);
      for (let i = 0; i < 6; i++) await call('POST', '/auth/login', { body: { email, password: sentinels[1] } });
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
      const demo = (await http<{ items: UserView[] }>(stack.baseUrl, 'GET', '/admin/users?limit=200', { token: admin })).body.items.find(
        (u) => u.email === 'demo@tr4ction.com',
      );
      expect((await call('DELETE', `/admin/users/${demo?.id}`, { token: admin })).status).toBe(204);
      await relaunch(stack, 'user-service', { ENVIRONMENT: 'production' });
      expect(stack.isRunning('user-service')).toBe(true);
      expect((await login(stack.baseUrl, 'demo@tr4ction.com', 'demo123')).status).toBe(401);
      expect((await db.query(`SELECT 1 FROM users.users_v1 WHERE email_normalized = 'demo@tr4ction.com'`)).length).toBe(0);
    });
  });
});
