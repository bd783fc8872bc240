/**
 * One real flow through every layer, with the stack as real processes: HTTP register at the
 * gateway -> user-service (argon2id, event store + outbox) -> JetStream -> audit-service ->
 * GET /audit/events, under the trace id of the HTTP request. Well-formed calls go through the typed
 * client generated from the OpenAPI document; the hostile ones (bad JSON, wrong media types) stay raw.
 */
import { randomBytes } from 'node:crypto';
import { http, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';

describe('register flow (e2e)', () => {
  let stack: ServiceStack;
  let admin: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    admin = apiClient(stack.baseUrl, await adminToken(stack.baseUrl));
    anonymous = apiClient(stack.baseUrl);
  });

  afterAll(() => stack?.stop());

  it('is ready: Postgres, NATS and all four services answer', async () => {
    const res = await anonymous.GET('/health/ready');
    expect(res.response.status).toBe(200);
    expect(res.data).toMatchObject({ status: 'ready', checks: { nats: 'up', postgres: 'up' } });
  });

  it('registers a user and the audit log shows it under the request’s trace id', async () => {
    const traceId = randomBytes(16).toString('hex');
    const email = `flow-${Date.now()}@example.com`;
    const res = await anonymous.POST('/auth/register', {
      body: { email, password: 'Tidal-Orchid-4821!', name: 'Flow Test' },
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(res.response.status).toBe(201);
    expect(res.data).toEqual({ id: expect.any(String), email, roles: ['founder'] });
    const userId = res.data?.id ?? '';

    const record = await waitFor(
      async () => {
        const page = await admin.GET('/audit/events', { params: { query: { type: 'UserRegistered', subject_id: userId } } });
        return page.data?.items[0];
      },
      { timeoutMs: 15_000, what: 'the UserRegistered audit record' },
    );
    expect(record.trace_id).toBe(traceId);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);

    const byTrace = await admin.GET('/audit/events', { params: { query: { trace_id: traceId } } });
    expect(byTrace.data?.items.map((i) => i.type)).toContain('UserRegistered');
  });

  it('rejects a taken email with 409 EMAIL_TAKEN', async () => {
    const body = { email: `dup-${Date.now()}@example.com`, password: 'Quiet-Meadow-7314!' };
    expect((await anonymous.POST('/auth/register', { body })).response.status).toBe(201);
    const again = await anonymous.POST('/auth/register', { body: { ...body, email: body.email.toUpperCase() } });
    expect(again.response.status).toBe(409);
    expect(again.error).toMatchObject({ code: 'EMAIL_TAKEN', status: 409 });
  });

  it('keeps the audit chain verifiable', async () => {
    const res = await admin.GET('/audit/verify');
    expect(res.response.status).toBe(200);
    expect(res.data?.ok).toBe(true);
    expect(res.data?.checked).toBeGreaterThan(0);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    // The document itself and its UI are not routes the document describes: raw requests.
    const doc = await http(stack.baseUrl, 'GET', '/docs-json');
    expect(doc.status).toBe(200);
    const documented = Object.fromEntries(['/auth/register', '/auth/login', '/audit/events', '/health/ready'].map((path) => [path, expect.any(Object)]));
    expect(doc.body).toMatchObject({ paths: expect.objectContaining(documented) });
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
      [
        'a huge password (over 1 KiB: the policy rule too_long)',
        { body: { email: 'long@example.com', password: 'Aa1!'.repeat(2000) } },
        400,
        'PASSWORD_POLICY',
      ],
      ['a text body', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }, 400, 'VALIDATION_FAILED'],
      ['an XML body', { rawBody: '<a/>', headers: { 'content-type': 'application/xml' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];

    it.each(cases)('%s', async (_name, request, status, code) => {
      const res = await http(stack.baseUrl, 'POST', '/auth/register', request);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status,
        code,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
        request_id: expect.any(String),
      });
      expect(res.text).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT/);
    });

    it('an unknown route is a 404 problem', async () => {
      const res = await http(stack.baseUrl, 'GET', '/nope');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('audit endpoints need a token, and a founder is refused', async () => {
      expect((await anonymous.GET('/audit/events')).response.status).toBe(401);
      const email = `founder-${Date.now()}@example.com`;
      await anonymous.POST('/auth/register', { body: { email, password: 'Amber-Valley-9052!' } });
      const login = await anonymous.POST('/auth/login', { body: { email, password: 'Amber-Valley-9052!' } });
      const token = login.data && 'access_token' in login.data ? login.data.access_token : '';
      const res = await apiClient(stack.baseUrl, token).GET('/audit/events');
      expect(res.response.status).toBe(403);
      expect(res.error).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
