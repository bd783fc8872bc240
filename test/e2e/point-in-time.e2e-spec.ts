/**
 * Point-in-time reads over HTTP with the stack as real processes: a user registered as founder,
 * made admin and deleted is answered as it was between each step; `role=admin&as_of=` lists exactly
 * the admins of that instant; settings before and after a policy change; the active signing key
 * between two rotations; a user's history oldest first. Every item's evidence is the audit record
 * (same seq, same event id) served by /audit/events, every read is recorded as HistoryQueried, and
 * a malformed instant is a 400 problem.
 */
import { http, ServiceStack, waitFor, type HttpResult } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { runCli, stackEnv } from '../support/cli';
import { changePassword, Db, register, strongPassword, token, uniqueEmail } from '../support/identity';

interface Evidence {
  event_id: string;
  audit_seq: number;
}
interface UserThen {
  id: string;
  email: string;
  roles: string[];
  status: string;
  evidence: Evidence;
}
interface Page<T> {
  as_of: string;
  items: T[];
  next_cursor: string | null;
}
interface KeyThen {
  kid: string;
  status: string;
  evidence: Evidence;
}
interface SettingThen {
  key: string;
  value: unknown;
  evidence: Evidence | null;
}
interface HistoryEntry {
  event_id: string;
  audit_seq: number;
  type: string;
  occurred_at: string;
  actor: { type: string; id: string | null };
  changes: Record<string, unknown>;
}
interface AuditRecord {
  seq: number;
  event_id: string;
  type: string;
  actor: { type: string; id: string | null };
  data: Record<string, unknown>;
}

describe('point in time (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;
  let adminId: string;
  let auditor: string;
  let auditorId: string;
  let userId: string;
  let userEmail: string;
  /** Instants between the steps of the user's life (the stack's processes share this clock). */
  let founderAt: string;
  let adminAt: string;
  let goneAt: string;
  const evidences: Evidence[] = [];

  const get = <T>(path: string, as = auditor): Promise<HttpResult<T>> => http<T>(stack.baseUrl, 'GET', path, { token: as });
  const now = (): string => new Date().toISOString();

  /** The user as of now, once audit-service has recorded what just happened to it. */
  async function settled(predicate: (res: HttpResult<UserThen>) => boolean, what: string): Promise<string> {
    await waitFor(async () => predicate(await get<UserThen>(`/admin/users/${userId}?as_of=${encodeURIComponent(now())}`)) || undefined, { timeoutMs: 15_000, what });
    return now();
  }

  async function roleToken(roles: string[]): Promise<{ token: string; id: string }> {
    const email = uniqueEmail(roles.join('-'));
    const created = await http<{ id: string; temporary_password: string }>(stack.baseUrl, 'POST', '/admin/users', { token: admin, body: { email, roles } });
    expect(created.status).toBe(201);
    const first = await token(stack.baseUrl, email, created.body.temporary_password);
    const password = strongPassword();
    expect((await changePassword(stack.baseUrl, first, created.body.temporary_password, password)).status).toBe(204);
    return { token: await token(stack.baseUrl, email, password), id: created.body.id };
  }

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { JWKS_CACHE_SECONDS: '2' } });
    admin = await adminToken(stack.baseUrl);
    adminId = (await http<{ id: string }>(stack.baseUrl, 'GET', '/auth/me', { token: admin })).body.id;
    ({ token: auditor, id: auditorId } = await roleToken(['auditor']));

    userEmail = uniqueEmail('pit');
    userId = await register(stack.baseUrl, userEmail, strongPassword());
    founderAt = await settled((r) => r.status === 200 && r.body.roles.join() === 'founder', 'the registration recorded');
    expect((await http(stack.baseUrl, 'PUT', `/admin/users/${userId}/roles`, { token: admin, body: { roles: ['admin'] } })).status).toBe(200);
    adminAt = await settled((r) => r.status === 200 && r.body.roles.join() === 'admin', 'the role change recorded');
    expect((await http(stack.baseUrl, 'DELETE', `/admin/users/${userId}`, { token: admin })).status).toBe(204);
    goneAt = await settled((r) => r.status === 404, 'the deletion recorded');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers the user as it was: founder, then admin, then absent', async () => {
    const asFounder = await get<UserThen & { as_of: string }>(`/admin/users/${userId}?as_of=${founderAt}`);
    expect(asFounder.status).toBe(200);
    expect(asFounder.body).toMatchObject({ id: userId, roles: ['founder'], status: 'active', as_of: founderAt });
    const asAdmin = await get<UserThen>(`/admin/users/${userId}?as_of=${adminAt}`);
    expect(asAdmin.body).toMatchObject({ id: userId, roles: ['admin'] });
    expect(asAdmin.body.evidence.audit_seq).toBeGreaterThan(asFounder.body.evidence.audit_seq);
    evidences.push(asFounder.body.evidence, asAdmin.body.evidence);
    const gone = await get<{ code: string }>(`/admin/users/${userId}?as_of=${goneAt}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toContain('application/problem+json');

    const listed = async (at: string) => (await get<Page<UserThen>>(`/admin/users?as_of=${at}&limit=200`)).body.items.find((u) => u.id === userId);
    expect((await listed(founderAt))?.roles).toEqual(['founder']);
    expect((await listed(adminAt))?.roles).toEqual(['admin']);
    expect(await listed(goneAt)).toBeUndefined();
  });

  it('lists exactly the admins of an instant, with the instant echoed', async () => {
    const admins = async (at: string): Promise<string[]> => {
      const res = await get<Page<UserThen>>(`/admin/users?role=admin&as_of=${encodeURIComponent(at)}&limit=200`);
      expect(res.status).toBe(200);
      expect(res.body.as_of).toBe(at);
      expect(res.body.next_cursor).toBeNull();
      for (const u of res.body.items) evidences.push(u.evidence);
      return res.body.items.map((u) => u.id).sort();
    };
    expect(await admins(founderAt)).toEqual([adminId]);
    expect(await admins(adminAt)).toEqual([adminId, userId].sort());
    expect(await admins(goneAt)).toEqual([adminId]);
    expect((await get<Page<UserThen>>(`/admin/users?role=auditor&as_of=${goneAt}`)).body.items.map((u) => u.id)).toEqual([auditorId]);
  });

  it('tells the user history oldest first, with what changed', async () => {
    const res = await get<{ items: HistoryEntry[] }>(`/admin/users/${userId}/history`);
    expect(res.status).toBe(200);
    const types = res.body.items.map((e) => e.type);
    const seqs = res.body.items.map((e) => e.audit_seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(types[0]).toBe('UserRegistered');
    expect(types.indexOf('RolesChanged')).toBeLessThan(types.indexOf('UserDeleted'));
    const change = res.body.items.find((e) => e.type === 'RolesChanged');
    expect(change).toMatchObject({ actor: { type: 'user', id: adminId }, changes: { roles: { before: ['founder'], after: ['admin'] } } });
    evidences.push(...res.body.items.map((e) => ({ event_id: e.event_id, audit_seq: e.audit_seq })));
  });

  it('answers the active signing key as of a moment between two rotations', async () => {
    const keysNow = async () => (await get<{ items: Array<{ kid: string; status: string; created_at: string }> }>('/admin/keys', admin)).body.items;
    const rotate = async (): Promise<string> => {
      // A planned rotation happens now once the next key has been public for one JWKS cache period.
      const next = await waitFor(async () => (await keysNow()).find((k) => k.status === 'next' && Date.now() - Date.parse(k.created_at) > 2500)?.kid, { timeoutMs: 15_000, what: 'a next key public long enough' });
      const res = await http<{ status: string }>(stack.baseUrl, 'POST', '/admin/keys/rotate', { token: admin });
      expect(res.body.status).toBe('rotated');
      return next;
    };
    const activeThen = async (at: string) => (await get<Page<KeyThen>>(`/admin/keys?as_of=${at}`)).body.items.filter((k) => k.status === 'active').map((k) => k.kid);
    const second = await rotate();
    const between = await waitFor(async () => ((await activeThen(now())).join() === second ? now() : undefined), { timeoutMs: 15_000, what: 'the first rotation recorded' });
    const third = await rotate();
    await waitFor(async () => (await activeThen(now())).join() === third || undefined, { timeoutMs: 15_000, what: 'the second rotation recorded' });
    expect(await activeThen(between)).toEqual([second]);
    const then = await get<Page<KeyThen>>(`/admin/keys?as_of=${between}`);
    evidences.push(...then.body.items.map((k) => k.evidence));
    expect(then.body.items.find((k) => k.kid === third)?.status ?? 'not yet created').not.toBe('active');
  });

  it('answers the settings before and after a policy change', async () => {
    const before = now();
    const changed = await http(stack.baseUrl, 'PUT', '/admin/settings', { token: admin, body: { password_policy: 'nist-800-63b-4' } });
    expect(changed.status).toBe(200);
    const policy = async (at: string) => (await get<Page<SettingThen>>(`/admin/settings?as_of=${at}`)).body.items.find((s) => s.key === 'password_policy');
    const after = await waitFor(async () => ((await policy(now()))?.evidence ? now() : undefined), { timeoutMs: 15_000, what: 'the policy change recorded' });
    // Before its first change a setting held the change's `before` (no record shaped it: no evidence).
    expect(await policy(before)).toEqual({ key: 'password_policy', value: 'seed', evidence: null });
    const then = await policy(after);
    expect(then?.value).toBe('nist-800-63b-4');
    evidences.push(then!.evidence!);
  });

  it('gives evidence that is the audit record of the same seq and event id', async () => {
    expect(evidences.length).toBeGreaterThan(8);
    for (const e of evidences) {
      const res = await get<{ items: AuditRecord[] }>(`/audit/events?cursor=${e.audit_seq + 1}&limit=1`);
      expect(res.status).toBe(200);
      expect({ seq: res.body.items[0]?.seq, event_id: res.body.items[0]?.event_id }).toEqual({ seq: e.audit_seq, event_id: e.event_id });
    }
  });

  it('records every point-in-time read as HistoryQueried with the reader as actor', async () => {
    const recorded = await waitFor(
      async () => {
        const res = await get<{ items: AuditRecord[] }>(`/audit/events?type=HistoryQueried&actor_id=${auditorId}&limit=1000`);
        const views = new Set(res.body.items.map((r) => r.data['view']));
        return ['user', 'users', 'user-history', 'keys', 'settings'].every((v) => views.has(v)) ? res.body.items : undefined;
      },
      { timeoutMs: 15_000, what: 'HistoryQueried records of every view' },
    );
    expect(recorded.find((r) => r.data['view'] === 'users' && (r.data['filters'] as Record<string, string>)['role'] === 'admin')).toBeDefined();
  });

  it('answers the same from the CLI, as an operator over the bus, recorded with the operator as actor', async () => {
    const cli = (args: string[]) => runCli(['--operator', 'pit-operator', ...args], { env: stackEnv(stack) });
    const admins = await cli(['--json', 'as-of', adminAt, 'users', '--role', 'admin']);
    expect(admins.code).toBe(0);
    expect(admins.json<{ items: UserThen[] }>().items.map((u) => u.id).sort()).toEqual([adminId, userId].sort());
    const table = await cli(['as-of', adminAt, 'users', '--role', 'admin']);
    expect(table.stdout).toMatch(new RegExp(`${userEmail.replace(/[.+]/g, '\\$&')}\\s+admin\\s+active\\s+${userId}`));
    const history = await cli(['--json', 'history', 'user', '--email', userEmail]);
    expect(history.code).toBe(0);
    const body = history.json<{ user_id: string; items: HistoryEntry[] }>();
    expect(body.user_id).toBe(userId);
    expect(body.items[0].type).toBe('UserRegistered');
    expect(body.items.map((e) => e.type)).toContain('UserDeleted');
    expect((await cli(['history', 'user', '--email', 'nobody-ever@example.com'])).code).not.toBe(0);
    await waitFor(async () => (await get<{ items: AuditRecord[] }>('/audit/events?type=HistoryQueried&actor_id=pit-operator')).body.items.length >= 3 || undefined, { timeoutMs: 15_000, what: 'the CLI reads recorded' });
  });

  it('answers service accounts as of an instant: created, then revoked', async () => {
    const created = await http<{ id: string }>(stack.baseUrl, 'POST', '/admin/service-accounts', { token: admin, body: { name: 'pit export', scopes: ['audit:read'] } });
    expect(created.status).toBe(201);
    const statusThen = async (at: string) => (await get<Page<{ id: string; status: string; evidence: Evidence }>>(`/admin/service-accounts?as_of=${at}`)).body.items.find((a) => a.id === created.body.id);
    const active = await waitFor(async () => ((await statusThen(now()))?.status === 'active' ? now() : undefined), { timeoutMs: 15_000, what: 'the creation recorded' });
    expect((await http(stack.baseUrl, 'DELETE', `/admin/service-accounts/${created.body.id}`, { token: admin })).status).toBe(204);
    await waitFor(async () => (await statusThen(now()))?.status === 'revoked' || undefined, { timeoutMs: 15_000, what: 'the revocation recorded' });
    expect((await statusThen(active))?.status).toBe('active');
  });

  it('rebuilds the same versions from the audit log with `audit-service replay`', async () => {
    const db = await Db.connect(stack.databaseUrl);
    try {
      const versions = () => db.query(`SELECT kind, entity_id, state, valid_from::text, valid_to::text, from_seq, event_id FROM audit.entity_versions_v1 ORDER BY kind, entity_id, from_seq`);
      // Retried only if a service recorded a new version between the two reads (a key the schedule made).
      await waitFor(
        async () => {
          const live = await versions();
          expect(live.length).toBeGreaterThan(5);
          // From nothing: what the replay writes comes from the log alone.
          await db.query(`DELETE FROM audit.entity_versions_v1`);
          expect(await stack.runCommand('audit-service', ['replay'])).toBe(0);
          return JSON.stringify(await versions()) === JSON.stringify(live) || undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'replayed versions equal to the live ones' },
      );
    } finally {
      await db.end();
    }
  });

  it('refuses a malformed instant with a 400 problem, and keeps the reads without as_of as they were', async () => {
    for (const bad of ['yesterday', '2026-03-03', '2026-13-01T00:00:00Z', '2026-03-03T12:00:00']) {
      for (const path of [`/admin/users?as_of=${bad}`, `/admin/users/${userId}?as_of=${bad}`, `/admin/settings?as_of=${bad}`, `/admin/keys?as_of=${bad}`, `/admin/service-accounts?as_of=${bad}`]) {
        const res = await get<{ code: string; status: number }>(path);
        expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 400, type: expect.stringContaining('application/problem+json') });
      }
    }
    expect((await get('/admin/users')).status).toBe(403);
    expect((await get('/admin/users', admin)).status).toBe(200);
    expect((await get(`/admin/users?role=admin`, admin)).status).toBe(400);
    const email = uniqueEmail('founder');
    const password = strongPassword();
    await register(stack.baseUrl, email, password);
    expect((await get(`/admin/users?as_of=${now()}`, await token(stack.baseUrl, email, password))).status).toBe(403);
  });
});
