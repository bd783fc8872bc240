/**
 * One real flow through every layer, with the stack as real processes: HTTP register at the
 * gateway -> user-service (argon2id, event store + outbox) -> JetStream -> audit-service ->
 * GET /audit/events, under the trace id of the HTTP request.
 */
import { randomBytes } from 'node:crypto';
import { http, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';

interface AuditItem {
  seq: number;
  type: string;
  trace_id: string | null;
  subject: { id: string };
  prev_hash: string;
  hash: string;
}

describe('register flow (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    admin = await adminToken(stack.baseUrl);
  });

  afterAll(() => stack?.stop());

  it('is ready: Postgres, NATS and all four services answer', async () => {
    const res = await http(stack.baseUrl, 'GET', '/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', checks: { nats: 'up', postgres: 'up' } });
  });

  it('registers a user and the audit log shows it under the request’s trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const email = `flow-${Date.now()}@example.com`;
    const res = await http<{ id: string; email: string; roles: string[] }>(stack.baseUrl, 'POST', '/auth/register', {
      body: { email, password: 'Tidal-Orchid-4821!', name: 'Flow Test' },
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email, roles: ['founder'] });

    const record = await waitFor(
      async () => {
        const page = await http<{ items: AuditItem[] }>(stack.baseUrl, 'GET', `/audit/events?type=UserRegistered&subject_id=${res.body.id}`, { token: admin });
        return page.body.items?.[0];
      },
      { timeoutMs: 15_000, what: 'the UserRegistered audit record' },
    );
    expect(record.trace_id).toBe(traceId);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);

    const byTrace = await http<{ items: AuditItem[] }>(stack.baseUrl, 'GET', `/audit/events?trace_id=${traceId}`, { token: admin });
    expect(byTrace.body.items.map((i) => i.type)).toContain('UserRegistered');
  });

  it('rejects a taken email with 409 EMAIL_TAKEN', async () => {
    const body = { email: `dup-${Date.now()}@example.com`, password: 'Quiet-Meadow-7314!' };
    expect((await http(stack.baseUrl, 'POST', '/auth/register', { body })).status).toBe(201);
    const again = await http(stack.baseUrl, 'POST', '/auth/register', { body: { ...body, email: body.email.toUpperCase() } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'EMAIL_TAKEN', status: 409 });
  });

  it('keeps the audit chain verifiable', async () => {
    const res = await http<{ ok: boolean; checked: number }>(stack.baseUrl, 'GET', '/audit/verify', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(0);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await http<{ paths: Record<string, unknown> }>(stack.baseUrl, 'GET', '/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/auth/register', '/auth/login', '/audit/events', '/health/ready']));
    expect((await http(stack.baseUrl, 'GET', '/docs')).status).toBe(200);
  });

  describe('bad input gets 4xx problem JSON, never a 500', () => {
    const cases: Array<[string, { rawBody?: string | Buffer; body?: unknown; headers?: Record<string, string> }, number, string]> = [
      ['malformed JSON', { rawBody: '{"email":"a@b.c","password":' }, 400, 'MALFORMED_JSON'],
      ['a JSON array', { body: [1, 2] }, 400, 'VALIDATION_FAILED'],
      ['wrong types', { body: { email: 42, password: ['x'] } }, 400, 'VALIDATION_FAILED'],
      ['missing fields', { body: {} }, 400, 'VALIDATION_FAILED'],
      ['a NUL byte in the email', { body: { email: 'a\u0000@example.com', password: 'Tidal-Orchid-4821!' } }, 400, 'VALIDATION_FAILED'],
      ['a NUL byte in the password', { body: { email: 'nul@example.com', password: 'Tidal-Orchid\u00004821!' } }, 400, 'VALIDATION_FAILED'],
      ['a 2 MB body', { rawBody: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(2 * 1024 * 1024) }) }, 413, 'PAYLOAD_TOO_LARGE'],
      ['a huge password (over 1 KiB: the policy rule too_long)', { body: { email: 'long@example.com', password: 'Aa1!'.repeat(2000) } }, 400, 'PASSWORD_POLICY'],
      ['a text body', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }, 400, 'VALIDATION_FAILED'],
      ['an XML body', { rawBody: '<a/>', headers: { 'content-type': 'application/xml' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];

    it.each(cases)('%s', async (_name, request, status, code) => {
      const res = await http(stack.baseUrl, 'POST', '/auth/register', request);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) });
      expect(res.text).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT/);
    });

    it('an unknown route is a 404 problem', async () => {
      const res = await http(stack.baseUrl, 'GET', '/nope');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('audit endpoints need a token, and a founder is refused', async () => {
      expect((await http(stack.baseUrl, 'GET', '/audit/events')).status).toBe(401);
      const email = `founder-${Date.now()}@example.com`;
      await http(stack.baseUrl, 'POST', '/auth/register', { body: { email, password: 'Amber-Valley-9052!' } });
      const login = await http<{ access_token: string }>(stack.baseUrl, 'POST', '/auth/login', { body: { email, password: 'Amber-Valley-9052!' } });
      const res = await http(stack.baseUrl, 'GET', '/audit/events', { token: login.body.access_token });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
