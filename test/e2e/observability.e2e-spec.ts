/**
 * What an SRE sees, with the whole stack as real processes exporting to a real OTLP/HTTP receiver
 * in this test process (audit-service in http/json, every other service in http/protobuf):
 * - one login is ONE trace: gateway -> auth-service -> user-service over NATS request/reply, and
 *   through the outbox and JetStream to audit-service, with the right parents; the relay's publish
 *   is its own span linked to the event's creation; the audit record stores that trace id and the
 *   audit API links it to Jaeger;
 * - /metrics moves by exactly what a scripted scenario did;
 * - a sentinel password and the tokens it produced appear in no exported span, nor do a TOTP
 *   secret, its codes, recovery codes or an mfa_token.
 */
import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import type { ApiSchema } from '@tr4ction/http-api';
import { OtlpReceiver, ServiceStack, waitFor, type OtlpSpan } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient } from '../support/api-client';
import { changePassword, login, register, strongPassword, uniqueEmail } from '../support/identity';

const JAEGER = 'http://jaeger.example:16686';

type Samples = Map<string, number>;

/** `name{a="1",b="2"}` (labels sorted) -> value. */
function parseMetrics(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || line.startsWith('#')) continue;
    const labels = (m[2] ?? '').match(/[a-zA-Z_]+="(?:[^"\\]|\\.)*"/g) ?? [];
    out.set(`${m[1]}{${labels.sort().join(',')}}`, Number(m[3]));
  }
  return out;
}

function series(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',')}}`;
}

describe('observability (e2e)', () => {
  let receiver: OtlpReceiver;
  let stack: ServiceStack;
  let admin: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await ServiceStack.start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_TRACES_SAMPLER: 'parentbased_always_on', JAEGER_UI_URL: JAEGER },
    });
    // audit-service exports the other encoding, so both are exercised end to end.
    await stack.stopService('audit-service');
    stack.launch('audit-service', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    await stack.waitReady();
    admin = await adminToken(stack.baseUrl);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  async function auditRecords(subjectId: string, type: string, count = 1): Promise<Array<ApiSchema<'AuditRecord'>>> {
    return waitFor(
      async () => {
        const res = await apiClient(stack.baseUrl, admin).GET('/audit/events', { params: { query: { subject_id: subjectId, type } } });
        return res.data && res.data.items.length >= count ? res.data.items : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: `${type} in the audit log` },
    );
  }

  describe('one login, one trace', () => {
    it('spans from the gateway, auth-service, user-service and audit-service under one trace id, parented across NATS', async () => {
      const email = uniqueEmail('trace');
      const password = strongPassword();
      const userId = await register(stack.baseUrl, email, password);
      expect((await login(stack.baseUrl, email, password)).status).toBe(200);

      const [record] = await auditRecords(userId, 'LoginSucceeded');
      const traceId = record.trace_id ?? '';
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId).not.toBe('0'.repeat(32));
      expect(record.trace_url).toBe(`${JAEGER}/trace/${traceId}`);

      const byName = (spans: OtlpSpan[], service: string, name: string) => spans.find((s) => s.service === service && s.name === name);
      const spans = await receiver.waitFor(
        (all) => {
          const t = all.filter((s) => s.traceId === traceId);
          const consumed = t.filter((s) => s.service === 'audit-service' && s.kind === 'consumer');
          // Each process exports on its own schedule: wait for every hop's span, not just some.
          const hops = [
            byName(t, 'api-gateway', 'POST /auth/login'),
            byName(t, 'api-gateway', 'rpc.auth.login send'),
            byName(t, 'auth-service', 'rpc.auth.login process'),
            byName(t, 'auth-service', 'rpc.user.verify-credentials send'),
            byName(t, 'user-service', 'rpc.user.verify-credentials process'),
          ];
          return consumed.length >= 3 && hops.every(Boolean) ? t : undefined;
        },
        { timeoutMs: 60_000, what: 'the login trace from every service' },
      );
      expect(receiver.rejected).toEqual([]);
      expect(new Set(receiver.requests.map((r) => r.encoding))).toEqual(new Set(['protobuf', 'json']));
      expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['api-gateway', 'auth-service', 'user-service', 'audit-service']));

      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const descends = (span: OtlpSpan | undefined, ancestor: OtlpSpan | undefined): boolean => {
        for (let p = span && byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) if (p === ancestor) return true;
        return false;
      };
      // HTTP at the gateway, named by route pattern, the root of the trace.
      const httpServer = byName(spans, 'api-gateway', 'POST /auth/login');
      expect(httpServer).toMatchObject({ kind: 'server', parentSpanId: '' });
      expect(httpServer?.attributes['http.route']).toBe('/auth/login');
      // gateway -> auth-service over request/reply: the server span's parent is the client span.
      const gatewayClient = byName(spans, 'api-gateway', 'rpc.auth.login send');
      expect(gatewayClient?.kind).toBe('client');
      expect(descends(gatewayClient, httpServer)).toBe(true);
      const authServer = byName(spans, 'auth-service', 'rpc.auth.login process');
      expect(authServer).toMatchObject({ kind: 'server', parentSpanId: gatewayClient?.spanId });
      expect(authServer?.attributes['messaging.system']).toBe('nats');
      // auth-service -> user-service.
      const authClient = byName(spans, 'auth-service', 'rpc.user.verify-credentials send');
      expect(descends(authClient, authServer)).toBe(true);
      const userServer = byName(spans, 'user-service', 'rpc.user.verify-credentials process');
      expect(userServer).toMatchObject({ kind: 'server', parentSpanId: authClient?.spanId });
      // Database calls inside, with the statement but never its parameter values.
      const userQueries = spans.filter(
        (s) => s.service === 'user-service' && (s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql'),
      );
      expect(userQueries.length).toBeGreaterThan(0);
      expect(userQueries.every((q) => descends(q, userServer))).toBe(true);
      for (const q of spans) expect(Object.keys(q.attributes).filter((k) => /parameter|values/.test(k))).toEqual([]);
      // The event: created in user-service's transaction, consumed by audit-service as its child.
      const created = spans.find((s) => s.service === 'user-service' && s.kind === 'producer' && s.attributes['tr4ction.event.type'] === 'LoginSucceeded');
      expect(created?.attributes['messaging.operation.type']).toBe('create');
      expect(descends(created, userServer)).toBe(true);
      const consumed = spans.find((s) => s.service === 'audit-service' && s.kind === 'consumer' && s.parentSpanId === created?.spanId);
      expect(consumed?.attributes).toMatchObject({
        'messaging.system': 'nats',
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': 'audit-projector',
        'messaging.message.id': created?.attributes['messaging.message.id'],
      });
      expect(consumed?.attributes['messaging.message.id']).toBe(record.event_id);
      // The audit append is inside the consume span; or, when events consumed together are appended
      // by one transaction (group commit), inside an `audit append` span linked to each of them.
      const auditQueries = await receiver.waitFor(
        (all) => {
          const appendSpans = all.filter(
            (s) => s.service === 'audit-service' && s.name === 'audit append' && s.links.some((l) => l.spanId === consumed?.spanId),
          );
          const found = all
            .filter((s) => s.service === 'audit-service' && (s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql'))
            .filter(
              (q) =>
                descends(q, consumed) ||
                appendSpans.some((a) => a.spanId === q.parentSpanId || all.some((p) => p.spanId === q.parentSpanId && p.parentSpanId === a.spanId)),
            );
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 30_000, what: 'the audit append of the login event' },
      );
      expect(auditQueries.length).toBeGreaterThan(0);
      // Tokens issued by auth-service reach audit-service in the same trace.
      const tokenEvents = spans.filter((s) => s.service === 'auth-service' && s.kind === 'producer' && s.attributes['tr4ction.event.type'] === 'TokenIssued');
      expect(tokenEvents).toHaveLength(2);
      for (const t of tokenEvents) expect(descends(t, authServer)).toBe(true);

      // The relay's publish is its own span (the relay serves no request), linked to the creation.
      const publish = await receiver.waitFor(
        (all) => all.find((s) => s.service === 'user-service' && s.name.endsWith(' publish') && s.links.some((l) => l.spanId === created?.spanId)),
        { what: 'the relay publish span' },
      );
      expect(publish).toMatchObject({ kind: 'producer', parentSpanId: '' });
      expect(publish.links[0]).toMatchObject({ traceId, spanId: created?.spanId });
      expect(publish.attributes['messaging.message.id']).toBe(record.event_id);
      console.log(
        `trace ${traceId}: ${spans.length} spans from ${[...new Set(spans.map((s) => s.service))].join(', ')}; ${receiver.requests.length} export requests so far`,
      );
    });
  });

  describe('/metrics', () => {
    async function scrape(): Promise<Samples> {
      // On the public port the scrape needs the scope metrics:read (an admin's token has it).
      expect((await apiClient(stack.baseUrl).GET('/metrics', { parseAs: 'text' })).response.status).toBe(401);
      const res = await apiClient(stack.baseUrl, admin).GET('/metrics', { parseAs: 'text' });
      expect(res.response.status).toBe(200);
      return parseMetrics(res.data ?? '');
    }

    it('moves by exactly what a scripted scenario did', async () => {
      const good = { email: uniqueEmail('m-good'), password: strongPassword() };
      const bad = { email: uniqueEmail('m-bad'), password: strongPassword() };
      const locked = { email: uniqueEmail('m-lock'), password: strongPassword() };
      const goodId = await register(stack.baseUrl, good.email, good.password);
      await register(stack.baseUrl, bad.email, bad.password);
      await register(stack.baseUrl, locked.email, locked.password);
      const before = await scrape();

      const first = await login(stack.baseUrl, good.email, good.password);
      const second = await login(stack.baseUrl, good.email, good.password);
      expect([first.status, second.status]).toEqual([200, 200]);
      for (let i = 0; i < 3; i++) expect((await login(stack.baseUrl, bad.email, `${bad.password}x`)).status).toBe(401);
      // The seed policy locks after 5 failures; the 6th attempt meets the lock.
      for (let i = 0; i < 6; i++) expect((await login(stack.baseUrl, locked.email, `${locked.password}x`)).status).toBe(401);
      const refreshed = await apiClient(stack.baseUrl).POST('/auth/refresh', { body: { refresh_token: first.body.refresh_token } });
      expect(refreshed.response.status).toBe(200);
      expect((await apiClient(stack.baseUrl, admin).POST('/admin/users/{id}/revoke-tokens', { params: { path: { id: goodId } } })).response.status).toBe(204);

      const after = await scrape();
      const delta = (name: string, labels: Record<string, string>): number => (after.get(series(name, labels)) ?? 0) - (before.get(series(name, labels)) ?? 0);
      expect({
        success: delta('tr4ction_logins_total', { service: 'auth-service', outcome: 'success' }),
        wrong_password: delta('tr4ction_logins_total', { service: 'user-service', outcome: 'wrong_password' }),
        locked: delta('tr4ction_logins_total', { service: 'user-service', outcome: 'locked' }),
        lockouts: delta('tr4ction_lockouts_total', { service: 'user-service' }),
        access: delta('tr4ction_tokens_issued_total', { service: 'auth-service', kind: 'access' }),
        refresh: delta('tr4ction_tokens_issued_total', { service: 'auth-service', kind: 'refresh' }),
        revoked: delta('tr4ction_tokens_revoked_total', { service: 'auth-service', scope: 'user', reason: 'admin' }),
        loginRequests: delta('tr4ction_http_request_duration_seconds_count', { service: 'api-gateway', method: 'POST', route: '/auth/login', status: '200' }),
        failedRequests: delta('tr4ction_http_request_duration_seconds_count', { service: 'api-gateway', method: 'POST', route: '/auth/login', status: '401' }),
        revokeRequests: delta('tr4ction_http_request_duration_seconds_count', {
          service: 'api-gateway',
          method: 'POST',
          route: '/admin/users/:id/revoke-tokens',
          status: '204',
        }),
      }).toEqual({
        success: 2,
        wrong_password: 3 + 5,
        locked: 1,
        lockouts: 1,
        access: 3,
        refresh: 3,
        revoked: 1,
        loginRequests: 2,
        failedRequests: 9,
        revokeRequests: 1,
      });

      // Route labels are patterns, never raw URLs.
      const routes = [...after.keys()].filter((k) => k.startsWith('tr4ction_http_request_duration_seconds_count{'));
      expect(routes.some((k) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(k))).toBe(false);
      // Every service answered, and the platform families are there for each.
      for (const service of ['api-gateway', 'auth-service', 'user-service', 'audit-service', 'rotation-service'])
        expect(after.get(series('tr4ction_scrape_up', { service }))).toBe(1);
      for (const schema of ['users', 'auth'])
        expect(after.has(series('tr4ction_outbox_backlog', { service: schema === 'users' ? 'user-service' : 'auth-service', schema }))).toBe(true);
      expect(after.get(series('tr4ction_dead_letters_total', { service: 'audit-service', consumer: 'audit-projector' }))).toBe(0);
      expect(after.has(series('tr4ction_consumer_lag', { service: 'audit-service', consumer: 'audit-projector' }))).toBe(true);
      // The audit projection keeps up: every event of the scenario is appended (its rate is the projection rate).
      const appended = (s: Samples) => [...s].filter(([k]) => k.startsWith('tr4ction_audit_records_appended_total{')).reduce((n, [, v]) => n + v, 0);
      await waitFor(async () => appended(await scrape()) - appended(before) >= 2 + 3 + 6 + 1 + 6 + 1, {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: 'the scenario in the audit projection',
      });
    });

    it('a service that does not answer leaves the scrape working and is reported down', async () => {
      await stack.stopService('rotation-service');
      try {
        const started = Date.now();
        const samples = await scrape();
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(samples.get(series('tr4ction_scrape_up', { service: 'rotation-service' }))).toBe(0);
        expect(samples.get(series('tr4ction_scrape_up', { service: 'user-service' }))).toBe(1);
      } finally {
        stack.launch('rotation-service');
        await stack.waitReady();
      }
    });
  });

  describe('canary', () => {
    it('a sentinel password and the tokens it produced appear in no exported span', async () => {
      const tag = randomBytes(4).toString('hex');
      const sentinels = [`Canary-${tag}-Span-1!`, `Canary-${tag}-Span-2!`];
      const email = uniqueEmail('kx');
      const userId = await register(stack.baseUrl, email, sentinels[0]);
      const first = await login(stack.baseUrl, email, sentinels[0]);
      expect(first.status).toBe(200);
      await login(stack.baseUrl, email, `${sentinels[0]}x`);
      expect((await changePassword(stack.baseUrl, first.body.access_token, sentinels[0], sentinels[1])).status).toBe(204);
      const second = await login(stack.baseUrl, email, sentinels[1]);
      const refreshAnswer = await apiClient(stack.baseUrl).POST('/auth/refresh', { body: { refresh_token: second.body.refresh_token } });
      expect(refreshAnswer.response.status).toBe(200);
      if (!refreshAnswer.data) throw new Error('no refreshed pair');
      const refreshed = refreshAnswer.data;
      expect((await apiClient(stack.baseUrl, refreshed.access_token).GET('/auth/me')).response.status).toBe(200);
      // Reusing a spent refresh token: an error path that handles a token (and ends that session).
      expect((await apiClient(stack.baseUrl).POST('/auth/refresh', { body: { refresh_token: second.body.refresh_token } })).response.status).toBe(401);
      // The password change may already have cut the first session off: 204 or 401, the token travels either way.
      expect([204, 401]).toContain(
        (await apiClient(stack.baseUrl, first.body.access_token).POST('/auth/logout', { body: { refresh_token: first.body.refresh_token } })).response.status,
      );
      const last = await login(stack.baseUrl, email, sentinels[1]);
      expect(last.status).toBe(200);

      const secrets = [
        ...sentinels,
        first.body.access_token,
        first.body.refresh_token,
        second.body.access_token,
        second.body.refresh_token,
        refreshed.access_token,
        refreshed.refresh_token,
        last.body.access_token,
        last.body.refresh_token,
      ];
      // Wait until the last flow's events were consumed and their spans exported.
      const [newest] = await auditRecords(userId, 'LoginSucceeded', 3);
      await receiver.waitFor((all) => all.filter((s) => s.traceId === newest.trace_id && s.service === 'audit-service' && s.kind === 'consumer').length >= 3, {
        timeoutMs: 60_000,
        what: 'the canary flow exported',
      });
      const exported = JSON.stringify(receiver.spans);
      for (const secret of secrets) expect(exported.includes(secret)).toBe(false);
      // A token's signature alone must not be there either (a JWT split apart).
      for (const jwt of [first.body.access_token, second.body.access_token, refreshed.access_token, last.body.access_token])
        expect(exported.includes(jwt.split('.')[2])).toBe(false);
      console.log(`span canary: ${secrets.length} secrets checked against ${receiver.spans.length} exported spans`);
    });

    it('a TOTP secret, its codes, recovery codes and mfa_tokens appear in no exported span', async () => {
      const email = uniqueEmail('kmfa');
      const password = strongPassword();
      const userId = await register(stack.baseUrl, email, password);
      const token = (await login(stack.baseUrl, email, password)).body.access_token;
      const enrolment = await apiClient(stack.baseUrl, token).POST('/auth/mfa/totp', { body: { current_password: password } });
      expect(enrolment.response.status).toBe(201);
      if (!enrolment.data) throw new Error('no TOTP enrolment');
      const started = enrolment.data;
      // Codes of the previous and current time step, each accepted once; not computed just before a step boundary.
      await waitFor(() => 30_000 - (Date.now() % 30_000) > 5_000 || undefined, { timeoutMs: 10_000, intervalMs: 200, what: 'a time step with room left' });
      const at = Date.now();
      const code = (offset: number) => generateSync({ secret: started.secret, epoch: Math.floor(at / 1000) + offset * 30 });
      const confirmed = await apiClient(stack.baseUrl, token).POST('/auth/mfa/totp/{id}/confirm', {
        params: { path: { id: started.id } },
        body: { code: code(-1) },
      });
      expect(confirmed.response.status).toBe(200);
      const recoveryCodes = confirmed.data?.recovery_codes ?? [];
      const mfaTokens: string[] = [];
      const challenge = async (type: 'totp' | 'recovery_code', value: string) => {
        const first = (await apiClient(stack.baseUrl).POST('/auth/login', { body: { email, password } })).data;
        if (!first || !('mfa_token' in first)) throw new Error('no MFA challenge');
        mfaTokens.push(first.mfa_token);
        return (await apiClient(stack.baseUrl).POST('/auth/mfa/challenge', { body: { mfa_token: first.mfa_token, type, code: value } })).response;
      };
      expect((await challenge('totp', code(0))).status).toBe(200);
      expect((await challenge('totp', code(0))).status).toBe(401);
      expect((await challenge('recovery_code', recoveryCodes[0])).status).toBe(200);

      const [newest] = await auditRecords(userId, 'LoginSucceeded', 3);
      await receiver.waitFor((all) => all.filter((s) => s.traceId === newest.trace_id && s.service === 'audit-service' && s.kind === 'consumer').length >= 3, {
        timeoutMs: 60_000,
        what: 'the MFA canary flow exported',
      });
      const exported = JSON.stringify(receiver.spans);
      const leaked = [started.secret, started.otpauth_uri, ...recoveryCodes, ...mfaTokens, password].filter((v) => exported.includes(v));
      // A 6-digit code is searched as a whole number, so that longer digit runs (ids, times) do not match by chance.
      const leakedCodes = [code(-1), code(0)].filter((c) => new RegExp(`(?<![0-9A-Za-z])${c}(?![0-9A-Za-z])`).test(exported));
      expect({ leaked, leakedCodes }).toEqual({ leaked: [], leakedCodes: [] });
    });
  });
});
