/**
 * Point-in-time reads over HTTP with the stack as real processes: a user registered as founder,
 * made admin and deleted is answered as it was between each step; `role=admin&as_of=` lists exactly
 * the admins of that instant; settings before and after a policy change; the active signing key
 * between two rotations; a user's history oldest first. Every item's evidence is the audit record
 * (same seq, same event id) served by /audit/events, every read is recorded as HistoryQueried, and
 * a malformed instant is a 400 problem. The stack streams its audit log to a webhook receiver in
 * this process, and as OTLP logs to another: with the webhook receiver down for a minute, logins
 * keep their latency, the OTLP sink keeps up, and the webhook sink catches up, in order, when it is back.
 */
import { randomBytes } from 'node:crypto';
import type { ApiSchema } from '@tr4ction/http-api';
import { freePort, http, OtlpLogsReceiver, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { runCli, stackEnv } from '../support/cli';
import { changePassword, Db, login, register, strongPassword, token, uniqueEmail } from '../support/identity';
import { WebhookReceiver } from '../support/webhook-receiver';

const WEBHOOK_SECRET = randomBytes(32).toString('hex');

type Evidence = ApiSchema<'Evidence'>;

/** A point-in-time answer (a read with as_of), told from today's by its `as_of`. */
const isAsOf = <P extends object>(data: P): data is Extract<P, { as_of: string }> => 'as_of' in data;

function asOf<P extends object>(data: P | undefined): Extract<P, { as_of: string }> {
  if (!data || !isAsOf(data)) throw new Error(`not a point-in-time answer: ${JSON.stringify(data)}`);
  return data;
}

const isToday = <P extends object>(data: P): data is Exclude<P, { as_of: string }> => !('as_of' in data);

function today<P extends object>(data: P | undefined): Exclude<P, { as_of: string }> {
  if (!data || !isToday(data)) throw new Error(`not today's answer: ${JSON.stringify(data)}`);
  return data;
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
  const receiver = new WebhookReceiver(WEBHOOK_SECRET);
  const otlpLogs = new OtlpLogsReceiver();
  let auditManagementPort = 0;

  const api = (as = auditor): ApiClient => apiClient(stack.baseUrl, as);
  const userThen = (at: string) => api().GET('/admin/users/{id}', { params: { path: { id: userId }, query: { as_of: at } } });
  const now = (): string => new Date().toISOString();

  /** The user as of now, once audit-service has recorded what just happened to it. */
  async function settled(predicate: (res: Awaited<ReturnType<typeof userThen>>) => boolean, what: string): Promise<string> {
    await waitFor(async () => predicate(await userThen(now())) || undefined, {
      timeoutMs: 15_000,
      what,
    });
    return now();
  }

  async function roleToken(roles: ApiSchema<'CreatedUser'>['roles']): Promise<{ token: string; id: string }> {
    const email = uniqueEmail(roles.join('-'));
    const created = await api(admin).POST('/admin/users', { body: { email, roles } });
    expect(created.response.status).toBe(201);
    if (!created.data) throw new Error('no user created');
    const { temporary_password, id } = created.data;
    const first = await token(stack.baseUrl, email, temporary_password);
    const password = strongPassword();
    expect((await changePassword(stack.baseUrl, first, temporary_password, password)).status).toBe(204);
    return { token: await token(stack.baseUrl, email, password), id };
  }

  beforeAll(async () => {
    await receiver.listen();
    await otlpLogs.listen();
    auditManagementPort = await freePort();
    stack = await ServiceStack.start({
      // The first retry after a failure comes soon, and the backoff stops doubling at 2 s: the sink
      // catches up within seconds of the receiver's return (the default longest delay is a minute).
      env: {
        JWKS_CACHE_SECONDS: '2',
        AUDIT_WEBHOOK_URL: `http://127.0.0.1:${receiver.port}/audit`,
        AUDIT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        AUDIT_WEBHOOK_RETRY_MS: '10',
        AUDIT_WEBHOOK_MAX_RETRY_MS: '2000',
        AUDIT_WEBHOOK_BATCH: '50',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${otlpLogs.url}/v1/logs`,
      },
      envFor: (service): Record<string, string> => (service === 'audit-service' ? { MANAGEMENT_PORT: String(auditManagementPort) } : {}),
    });
    admin = await adminToken(stack.baseUrl);
    adminId = (await api(admin).GET('/auth/me')).data?.id ?? '';
    ({ token: auditor, id: auditorId } = await roleToken(['auditor']));

    userEmail = uniqueEmail('pit');
    userId = await register(stack.baseUrl, userEmail, strongPassword());
    const user = { params: { path: { id: userId } } };
    founderAt = await settled((r) => r.response.status === 200 && r.data?.roles.join() === 'founder', 'the registration recorded');
    expect((await api(admin).PUT('/admin/users/{id}/roles', { ...user, body: { roles: ['admin'] } })).response.status).toBe(200);
    adminAt = await settled((r) => r.response.status === 200 && r.data?.roles.join() === 'admin', 'the role change recorded');
    expect((await api(admin).DELETE('/admin/users/{id}', user)).response.status).toBe(204);
    goneAt = await settled((r) => r.response.status === 404, 'the deletion recorded');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.die().catch(() => undefined);
    await otlpLogs.die().catch(() => undefined);
  });

  it('answers the user as it was: founder, then admin, then absent', async () => {
    const asFounder = await userThen(founderAt);
    expect(asFounder.response.status).toBe(200);
    expect(asFounder.data).toMatchObject({ id: userId, roles: ['founder'], status: 'active', as_of: founderAt });
    const asAdmin = await userThen(adminAt);
    expect(asAdmin.data).toMatchObject({ id: userId, roles: ['admin'] });
    if (!asFounder.data || !asAdmin.data) throw new Error('no user then');
    expect(asAdmin.data.evidence.audit_seq).toBeGreaterThan(asFounder.data.evidence.audit_seq);
    evidences.push(asFounder.data.evidence, asAdmin.data.evidence);
    const gone = await userThen(goneAt);
    expect(gone.response.status).toBe(404);
    expect(gone.response.headers.get('content-type')).toContain('application/problem+json');

    const listed = async (at: string) =>
      asOf((await api().GET('/admin/users', { params: { query: { as_of: at, limit: '200' } } })).data).items.find((u) => u.id === userId);
    expect((await listed(founderAt))?.roles).toEqual(['founder']);
    expect((await listed(adminAt))?.roles).toEqual(['admin']);
    expect(await listed(goneAt)).toBeUndefined();
  });

  it('lists exactly the admins of an instant, with the instant echoed', async () => {
    const admins = async (at: string): Promise<string[]> => {
      const res = await api().GET('/admin/users', { params: { query: { role: 'admin', as_of: at, limit: '200' } } });
      expect(res.response.status).toBe(200);
      const page = asOf(res.data);
      expect(page.as_of).toBe(at);
      expect(page.next_cursor).toBeNull();
      for (const u of page.items) evidences.push(u.evidence);
      return page.items.map((u) => u.id).sort();
    };
    expect(await admins(founderAt)).toEqual([adminId]);
    expect(await admins(adminAt)).toEqual([adminId, userId].sort());
    expect(await admins(goneAt)).toEqual([adminId]);
    const auditors = await api().GET('/admin/users', { params: { query: { role: 'auditor', as_of: goneAt } } });
    expect(asOf(auditors.data).items.map((u) => u.id)).toEqual([auditorId]);
  });

  it('tells the user history oldest first, with what changed', async () => {
    const res = await api().GET('/admin/users/{id}/history', { params: { path: { id: userId } } });
    expect(res.response.status).toBe(200);
    const items = res.data?.items ?? [];
    const types = items.map((e) => e.type);
    const seqs = items.map((e) => e.audit_seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(types[0]).toBe('UserRegistered');
    expect(types.indexOf('RolesChanged')).toBeLessThan(types.indexOf('UserDeleted'));
    const change = items.find((e) => e.type === 'RolesChanged');
    expect(change).toMatchObject({ actor: { type: 'user', id: adminId }, changes: { roles: { before: ['founder'], after: ['admin'] } } });
    evidences.push(...items.map((e) => ({ event_id: e.event_id, audit_seq: e.audit_seq })));
  });

  it('answers the active signing key as of a moment between two rotations', async () => {
    const keysNow = async () => today((await api(admin).GET('/admin/keys')).data).items;
    const rotate = async (): Promise<string> => {
      // A planned rotation happens now once the next key has been public for one JWKS cache period.
      const next = await waitFor(async () => (await keysNow()).find((k) => k.status === 'next' && Date.now() - Date.parse(k.created_at ?? '') > 2500)?.kid, {
        timeoutMs: 15_000,
        what: 'a next key public long enough',
      });
      const res = await api(admin).POST('/admin/keys/rotate');
      expect(res.data?.status).toBe('rotated');
      return next;
    };
    const keysThen = async (at: string) => asOf((await api().GET('/admin/keys', { params: { query: { as_of: at } } })).data);
    const activeThen = async (at: string) => (await keysThen(at)).items.filter((k) => k.status === 'active').map((k) => k.kid);
    const second = await rotate();
    const between = await waitFor(async () => ((await activeThen(now())).join() === second ? now() : undefined), {
      timeoutMs: 15_000,
      what: 'the first rotation recorded',
    });
    const third = await rotate();
    await waitFor(async () => (await activeThen(now())).join() === third || undefined, { timeoutMs: 15_000, what: 'the second rotation recorded' });
    expect(await activeThen(between)).toEqual([second]);
    const then = await keysThen(between);
    evidences.push(...then.items.map((k) => k.evidence));
    expect(then.items.find((k) => k.kid === third)?.status ?? 'not yet created').not.toBe('active');
  });

  it('answers the settings before and after a policy change', async () => {
    const before = now();
    const changed = await api(admin).PUT('/admin/settings', { body: { password_policy: 'nist-800-63b-4' } });
    expect(changed.response.status).toBe(200);
    const policy = async (at: string) =>
      asOf((await api().GET('/admin/settings', { params: { query: { as_of: at } } })).data).items.find((s) => s.key === 'password_policy');
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
      const res = await api().GET('/audit/events', { params: { query: { cursor: String(e.audit_seq + 1), limit: '1' } } });
      expect(res.response.status).toBe(200);
      const [record] = res.data?.items ?? [];
      expect({ seq: record?.seq, event_id: record?.event_id }).toEqual({ seq: e.audit_seq, event_id: e.event_id });
    }
  });

  it('records every point-in-time read as HistoryQueried with the reader as actor', async () => {
    const recorded = await waitFor(
      async () => {
        const res = await api().GET('/audit/events', { params: { query: { type: 'HistoryQueried', actor_id: auditorId, limit: '1000' } } });
        const items = res.data?.items ?? [];
        const views = new Set(items.map((r) => r.data['view']));
        return ['user', 'users', 'user-history', 'keys', 'settings'].every((v) => views.has(v)) ? items : undefined;
      },
      { timeoutMs: 15_000, what: 'HistoryQueried records of every view' },
    );
    expect(recorded.find((r) => r.data['view'] === 'users' && (r.data['filters'] as Record<string, string>)['role'] === 'admin')).toBeDefined();
  });

  it('answers the same from the CLI, as an operator over the bus, recorded with the operator as actor', async () => {
    const cli = (args: string[]) => runCli(['--operator', 'pit-operator', ...args], { env: stackEnv(stack) });
    const admins = await cli(['--json', 'as-of', adminAt, 'users', '--role', 'admin']);
    expect(admins.code).toBe(0);
    expect(
      admins
        .json<ApiSchema<'UserAsOfPage'>>()
        .items.map((u) => u.id)
        .sort(),
    ).toEqual([adminId, userId].sort());
    const table = await cli(['as-of', adminAt, 'users', '--role', 'admin']);
    expect(table.stdout).toMatch(new RegExp(`${userEmail.replace(/[.+]/g, '\\$&')}\\s+admin\\s+active\\s+${userId}`));
    const history = await cli(['--json', 'history', 'user', '--email', userEmail]);
    expect(history.code).toBe(0);
    const body = history.json<ApiSchema<'UserHistoryPage'>>();
    expect(body.user_id).toBe(userId);
    expect(body.items[0].type).toBe('UserRegistered');
    expect(body.items.map((e) => e.type)).toContain('UserDeleted');
    expect((await cli(['history', 'user', '--email', 'nobody-ever@example.com'])).code).not.toBe(0);
    await waitFor(
      async () =>
        ((await api().GET('/audit/events', { params: { query: { type: 'HistoryQueried', actor_id: 'pit-operator' } } })).data?.items.length ?? 0) >= 3 ||
        undefined,
      { timeoutMs: 15_000, what: 'the CLI reads recorded' },
    );
  });

  it('answers service accounts as of an instant: created, then revoked', async () => {
    const created = await api(admin).POST('/admin/service-accounts', { body: { name: 'pit export', scopes: ['audit:read'] } });
    expect(created.response.status).toBe(201);
    const accountId = created.data?.id ?? '';
    const statusThen = async (at: string) =>
      asOf((await api().GET('/admin/service-accounts', { params: { query: { as_of: at } } })).data).items.find((a) => a.id === accountId);
    const active = await waitFor(async () => ((await statusThen(now()))?.status === 'active' ? now() : undefined), {
      timeoutMs: 15_000,
      what: 'the creation recorded',
    });
    expect((await api(admin).DELETE('/admin/service-accounts/{id}', { params: { path: { id: accountId } } })).response.status).toBe(204);
    await waitFor(async () => (await statusThen(now()))?.status === 'revoked' || undefined, { timeoutMs: 15_000, what: 'the revocation recorded' });
    expect((await statusThen(active))?.status).toBe('active');
  });

  it('rebuilds the same versions from the audit log with `audit-service replay`', async () => {
    const db = await Db.connect(stack.databaseUrl);
    try {
      const versions = () =>
        db.query(
          `SELECT kind, entity_id, state, valid_from::text, valid_to::text, from_seq, event_id FROM audit.entity_versions_v1 ORDER BY kind, entity_id, from_seq`,
        );
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
    // Malformed instants, sent raw on purpose.
    for (const bad of ['yesterday', '2026-03-03', '2026-13-01T00:00:00Z', '2026-03-03T12:00:00']) {
      for (const path of [
        `/admin/users?as_of=${bad}`,
        `/admin/users/${userId}?as_of=${bad}`,
        `/admin/settings?as_of=${bad}`,
        `/admin/keys?as_of=${bad}`,
        `/admin/service-accounts?as_of=${bad}`,
      ]) {
        const res = await http(stack.baseUrl, 'GET', path, { token: auditor });
        expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
          path,
          status: 400,
          type: expect.stringContaining('application/problem+json'),
        });
      }
    }
    expect((await api().GET('/admin/users')).response.status).toBe(403);
    expect((await api(admin).GET('/admin/users')).response.status).toBe(200);
    expect((await api(admin).GET('/admin/users', { params: { query: { role: 'admin' } } })).response.status).toBe(400);
    const email = uniqueEmail('founder');
    const password = strongPassword();
    await register(stack.baseUrl, email, password);
    expect((await api(await token(stack.baseUrl, email, password)).GET('/admin/users', { params: { query: { as_of: now() } } })).response.status).toBe(403);
  });

  it('streams every audit record as an OTLP log record, in seq order, the body the record the log holds', async () => {
    const db = await Db.connect(stack.databaseUrl);
    try {
      const head = Number((await db.query<{ s: string }>('SELECT max(seq) AS s FROM audit.audit_log_v1'))[0].s);
      await waitFor(async () => (otlpLogs.stored.size >= head ? true : undefined), {
        timeoutMs: 30_000,
        what: `the first ${head} records at the OTLP logs receiver`,
      });
      expect(otlpLogs.storedSeqs.slice(0, head)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      const logged = await db.query<{ seq: string; event_id: string; hash: string }>(
        'SELECT seq, event_id, hash FROM audit.audit_log_v1 WHERE seq <= $1 ORDER BY seq',
        [head],
      );
      expect(logged.map((r) => ({ seq: Number(r.seq), event_id: r.event_id, hash: r.hash }))).toEqual(
        otlpLogs.storedSeqs.slice(0, head).map((seq) => {
          const record = otlpLogs.stored.get(seq)!;
          return { seq: record.seq, event_id: record.event_id, hash: record.hash };
        }),
      );
      expect([...otlpLogs.paths]).toEqual(['/v1/logs']);
    } finally {
      await db.end();
    }
  });

  /** A sample of audit-service's webhook sink metrics, from its management port. */
  async function sinkMetric(name: 'tr4ction_audit_sink_lag_records' | 'tr4ction_audit_sink_deliveries_total', labels = ''): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${auditManagementPort}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('sink="webhook"') && l.includes(labels));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

  it('keeps the latency of logins with the webhook receiver down for a minute, and the sink catches up in order when it is back', async () => {
    const email = uniqueEmail('sink-latency');
    const password = strongPassword();
    await register(stack.baseUrl, email, password);
    const timedLogin = async (): Promise<number> => {
      const started = performance.now();
      const res = await login(stack.baseUrl, email, password);
      const took = performance.now() - started;
      expect(res.status).toBe(200);
      return took;
    };
    const head = async (db: Db) => Number((await db.query<{ s: string }>('SELECT max(seq) AS s FROM audit.audit_log_v1'))[0].s);
    /** Logins one after another, a short pause between them, until `done`: the same pace healthy and down. */
    const loginsUntil = async (done: (count: number) => boolean, what: string, timeoutMs: number): Promise<number[]> => {
      const took: number[] = [];
      await waitFor(
        async () => {
          took.push(await timedLogin());
          return done(took.length) || undefined;
        },
        { timeoutMs, intervalMs: 250, what },
      );
      return took.sort((a, b) => a - b);
    };

    const db = await Db.connect(stack.databaseUrl);
    try {
      for (let i = 0; i < 5; i++) await timedLogin(); // warm-up: first logins pay for connections and JIT
      const caughtUp = async () => (receiver.highest >= (await head(db)) ? true : undefined);
      await waitFor(caughtUp, { timeoutMs: 30_000, what: 'the healthy sink at the head of the log' });
      const healthy = await loginsUntil((n) => n >= 40, 'logins with the sink healthy', 60_000);

      await receiver.die();
      const downSince = Date.now();
      const failedBefore = await sinkMetric('tr4ction_audit_sink_deliveries_total', 'result="failed"');
      const down = await loginsUntil(() => Date.now() - downSince >= 60_000, 'a minute of logins with the receiver down', 120_000);
      // The sink really was failing all along, and fell behind: the logins' records were not delivered.
      expect(await sinkMetric('tr4ction_audit_sink_deliveries_total', 'result="failed"')).toBeGreaterThan(failedBefore);
      expect(await sinkMetric('tr4ction_audit_sink_lag_records')).toBeGreaterThan(0);
      const headWhileDown = await head(db);
      expect(receiver.highest).toBeLessThan(headWhileDown);
      // The other sink keeps its own position: the webhook being down holds back nothing of it.
      await waitFor(async () => (otlpLogs.stored.size >= headWhileDown ? true : undefined), {
        timeoutMs: 15_000,
        what: 'the OTLP logs sink at the head while the webhook is down',
      });

      const figures = {
        healthy: { n: healthy.length, p50: percentile(healthy, 50), p95: percentile(healthy, 95) },
        down: { n: down.length, p50: percentile(down, 50), p95: percentile(down, 95) },
      };
      console.log(
        `login latency, webhook sink healthy vs receiver down 60 s (ms): ${JSON.stringify(figures, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`,
      );
      // Logins never wait on the sink: a sink that held them up (a blocking send, a retry loop
      // hogging the CPU) slows every login, so it shows in the median. The tail is logged, not
      // asserted: the e2e suites run two at a time, and another suite's burst landing in one
      // minute-long window and not the other moved p95 from 286 to 682 ms with the medians 222 and
      // 236 (a CI run). Latency targets belong to `npm run bench`, not to a timed test.
      expect(figures.down.p50).toBeLessThanOrEqual(figures.healthy.p50 * 1.5 + 20);

      await receiver.listen(receiver.port);
      const back = Date.now();
      // The sink's backoff is at most 2 s (plus jitter) by now: it retries within that and then drains.
      await waitFor(async () => (receiver.highest >= headWhileDown ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 500,
        what: 'the sink caught up after the receiver came back',
      });
      console.log(`webhook sink caught up ${Date.now() - back} ms after the receiver came back (${headWhileDown} records)`);
      expect(receiver.seqs).toEqual(Array.from({ length: receiver.seqs.length }, (_, i) => i + 1));
      expect(receiver.outOfOrder).toBe(0);
      expect(receiver.badSignatures).toBe(0);
      await waitFor(async () => ((await sinkMetric('tr4ction_audit_sink_lag_records')) === 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: 'no lag once caught up',
      });
    } finally {
      await db.end();
    }
    // A minute down, then a few seconds for the sink to come back.
  }, 300_000);
});
