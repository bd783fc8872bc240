/**
 * The standard OAuth endpoints with clients no one here wrote (oauth4webapi discovers the issuer,
 * runs client_credentials with HTTP Basic, introspects and revokes; jose verifies the token against
 * the discovered jwks_uri and issuer), plus the wire details those libraries do not show: form and
 * JSON bodies, client_secret_post, RFC 6749 errors beside the problem fields, failed client
 * authentication audited without the secret, refresh tokens introspected and revoked, and a revoked
 * token refused on two gateways within a second.
 */
import type { ApiSchema, operations } from '@tr4ction/http-api';
import { freePort, http, ServiceStack, waitFor, type HttpResult } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { waitForGateway } from '../support/gateway-ready';
import { runOAuthClient } from '../support/oauth-interop';
import { register, strongPassword, uniqueEmail, login } from '../support/identity';

type Account = ApiSchema<'CreatedServiceAccount'>;
/** A scope the document lets a service account be granted. */
type GrantableScope = operations['admin.serviceAccounts.create']['requestBody']['content']['application/json']['scopes'][number];

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/**
 * A typed form request (RFC 6749): the content type, HTTP Basic client authentication when given, and
 * the body as form parameters. openapi-fetch picks the form from the content type on its own, but its
 * check misses the Headers object under jest (another realm's Function) and would send JSON.
 */
const asForm = (authorization?: string) => ({
  headers: { ...FORM, ...(authorization ? { authorization } : {}) },
  bodySerializer: (body: Record<string, string>) => new URLSearchParams(body).toString(),
});

/** A raw answer (a request malformed on purpose) or the typed client's. */
type Answer = HttpResult | { response: Response; error?: Record<string, unknown> };

describe('standard OAuth endpoints (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;
  let anonymous: ApiClient;
  let gateways: string[];
  let worker: Account;
  let introspector: Account;
  let revoker: Account;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    const second = await freePort();
    stack.launchReplica('gateway-b', 'api-gateway', { PORT: String(second) });
    gateways = [stack.baseUrl, `http://127.0.0.1:${second}`];
    await waitForGateway(gateways[1], 60_000, 'the second gateway');
    admin = await adminToken(stack.baseUrl);
    anonymous = apiClient(stack.baseUrl);
    const account = async (name: string, scopes: GrantableScope[]): Promise<Account> => {
      const res = await apiClient(stack.baseUrl, admin).POST('/admin/service-accounts', { body: { name, scopes } });
      expect(res.response.status).toBe(201);
      if (!res.data) throw new Error(`no service account ${name}`);
      return res.data;
    };
    worker = await account('worker', ['audit:read']);
    introspector = await account('introspector', ['tokens:introspect']);
    revoker = await account('revoker', ['tokens:revoke']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A form body malformed on purpose (a grant outside the document, a missing or repeated field): raw. */
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    http(stack.baseUrl, 'POST', path, { rawBody: body, headers: { ...FORM, ...headers } });

  function expectOAuthError(answer: Answer, status: number, error: string): void {
    const res = 'response' in answer ? { status: answer.response.status, headers: answer.response.headers, body: answer.error ?? {} } : answer;
    expect({ status: res.status, error: res.body.error, type: res.headers.get('content-type') }).toEqual({
      status,
      error,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: expect.any(String),
      request_id: expect.any(String),
      error_description: res.body.detail,
    });
  }

  it('oauth4webapi discovers the issuer and gets a token with HTTP Basic that jose verifies against the discovered keys', async () => {
    const out = await runOAuthClient<{
      metadata: Record<string, unknown>;
      token: string;
      scope: string;
      token_type: string;
      verified: { sub: string; scope: string; iss: string };
    }>({
      action: 'token',
      issuer: stack.baseUrl,
      client_id: worker.client_id,
      client_secret: worker.client_secret,
      audience: 'tr4ction-api',
    });
    expect(out.metadata).toMatchObject({
      issuer: stack.baseUrl,
      jwks_uri: `${stack.baseUrl}/.well-known/jwks.json`,
      token_endpoint: `${stack.baseUrl}/oauth/token`,
      introspection_endpoint: `${stack.baseUrl}/oauth/introspect`,
      revocation_endpoint: `${stack.baseUrl}/oauth/revoke`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: expect.arrayContaining(['audit:read', 'tokens:introspect', 'metrics:read']),
    });
    expect(out.metadata.scopes_supported).not.toContain('password:change');
    expect(out.verified).toEqual({ sub: worker.id, scope: 'audit:read', iss: stack.baseUrl });
    for (const gw of gateways) expect((await apiClient(gw, out.token).GET('/audit/events', { params: { query: { limit: '1' } } })).response.status).toBe(200);
  });

  it('oauth4webapi introspects and revokes; the token is refused on both gateways within a second', async () => {
    const { token } = await runOAuthClient<{ token: string }>({
      action: 'token',
      issuer: stack.baseUrl,
      client_id: worker.client_id,
      client_secret: worker.client_secret,
      audience: 'tr4ction-api',
    });
    const out = await runOAuthClient<{ before: Record<string, unknown>; after: Record<string, unknown>; revoked_at: number }>({
      action: 'revoke',
      issuer: stack.baseUrl,
      client_id: worker.client_id,
      client_secret: worker.client_secret,
      token,
      introspector: introspector,
    });
    expect(out.before).toMatchObject({
      active: true,
      sub: worker.id,
      scope: 'audit:read',
      iss: stack.baseUrl,
      client_id: worker.client_id,
      token_type: 'Bearer',
      exp: expect.any(Number),
      iat: expect.any(Number),
    });
    expect(out.after).toEqual({ active: false });
    for (const gw of gateways) {
      const client = apiClient(gw, token);
      await waitFor(async () => (await client.GET('/audit/events', { params: { query: { limit: '1' } } })).response.status === 401 || undefined, {
        timeoutMs: Math.max(50, 1000 - (Date.now() - out.revoked_at)),
        intervalMs: 20,
        what: `the revoked token refused by ${gw}`,
      });
    }
  });

  it('takes form and JSON bodies with client_secret_post too, and answers RFC 6749 errors beside the problem fields', async () => {
    const byForm = await anonymous.POST('/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: worker.client_id, client_secret: worker.client_secret },
      ...asForm(),
    });
    expect({
      status: byForm.response.status,
      token_type: byForm.data?.token_type,
      scope: byForm.data?.scope,
      cache: byForm.response.headers.get('cache-control'),
    }).toEqual({
      status: 200,
      token_type: 'Bearer',
      scope: 'audit:read',
      cache: 'no-store',
    });
    const byJson = await anonymous.POST('/auth/token', {
      body: { grant_type: 'client_credentials', client_id: worker.client_id, client_secret: worker.client_secret },
    });
    expect(byJson.response.status).toBe(200);

    const wrong = await anonymous.POST('/oauth/token', {
      body: { grant_type: 'client_credentials' },
      ...asForm(basic(worker.client_id, `sk_${'A'.repeat(43)}`)),
    });
    expectOAuthError(wrong, 401, 'invalid_client');
    expect(wrong.response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expectOAuthError(await post('/oauth/token', form({ grant_type: 'password', username: 'a', password: 'b' })), 400, 'unsupported_grant_type');
    expectOAuthError(await post('/oauth/token', form({ client_id: worker.client_id })), 400, 'invalid_request');
    expectOAuthError(
      await anonymous.POST('/oauth/token', {
        body: { grant_type: 'client_credentials', scope: 'users:write' },
        ...asForm(basic(worker.client_id, worker.client_secret)),
      }),
      400,
      'invalid_scope',
    );
    // Two ways of client authentication at once: well-formed, refused by RFC 6749 2.3.
    expectOAuthError(
      await anonymous.POST('/oauth/token', {
        body: { grant_type: 'client_credentials', client_secret: worker.client_secret },
        ...asForm(basic(worker.client_id, worker.client_secret)),
      }),
      400,
      'invalid_request',
    );
    expectOAuthError(
      await post('/oauth/token', 'grant_type=client_credentials&grant_type=client_credentials', {
        authorization: basic(worker.client_id, worker.client_secret),
      }),
      400,
      'invalid_request',
    );
    // Introspection takes the scope tokens:introspect.
    expectOAuthError(
      await anonymous.POST('/oauth/introspect', {
        body: { token: byForm.data?.access_token ?? '' },
        ...asForm(basic(worker.client_id, worker.client_secret)),
      }),
      403,
      'insufficient_scope',
    );
  });

  it('audits failed client authentication with the client id and the reason, never the secret', async () => {
    const wrongSecret = `sk_${'Z'.repeat(43)}`;
    const statusOf = async (answer: Promise<{ response: Response }>) => (await answer).response.status;
    expect(
      await statusOf(anonymous.POST('/oauth/token', { body: { grant_type: 'client_credentials' }, ...asForm(basic(worker.client_id, wrongSecret)) })),
    ).toBe(401);
    expect(
      await statusOf(
        anonymous.POST('/oauth/introspect', { body: { token: 'x', client_id: introspector.client_id, client_secret: 'not-a-secret' }, ...asForm() }),
      ),
    ).toBe(401);
    expect(await statusOf(anonymous.POST('/oauth/revoke', { body: { token: 'x' }, ...asForm(basic('sa-unknown', wrongSecret)) }))).toBe(401);
    const expected = [
      ['failure', 'sa-unknown', 'invalid_credentials', 'revoke'],
      ['failure', introspector.client_id, 'malformed_secret', 'introspect'],
      ['failure', worker.client_id, 'invalid_credentials', 'token'],
    ];
    const seen = (page: ApiSchema<'AuditPage'>) => page.items.map((r) => [r.outcome, r.data.client_id, r.data.reason, r.data.endpoint]);
    // The earlier test's wrong secret at the token endpoint is recorded too.
    const rows = await waitFor(
      async () => {
        const page = (await apiClient(stack.baseUrl, admin).GET('/audit/events', { params: { query: { type: 'ClientAuthenticationFailed', limit: '100' } } }))
          .data;
        return page && expected.every((e) => seen(page).some((r) => JSON.stringify(r) === JSON.stringify(e))) ? page : undefined;
      },
      { what: 'the ClientAuthenticationFailed records' },
    );
    expect(seen(rows)).toEqual(expect.arrayContaining(expected));
    expect(JSON.stringify(rows)).not.toContain(wrongSecret);
    expect(JSON.stringify(rows)).not.toContain('not-a-secret');
  });

  it('introspects users’ access and refresh tokens, says nothing of foreign ones, and revokes a refresh token’s session', async () => {
    const password = strongPassword();
    const email = uniqueEmail('introspected');
    const id = await register(stack.baseUrl, email, password);
    const session = (await login(stack.baseUrl, email, password)).body;
    const introspect = async (token: string) =>
      (await anonymous.POST('/oauth/introspect', { body: { token }, ...asForm(basic(introspector.client_id, introspector.client_secret)) })).data;
    expect(await introspect(session.access_token)).toMatchObject({ active: true, sub: id, scope: '', token_type: 'Bearer', iss: stack.baseUrl });
    expect(await introspect(session.refresh_token)).toMatchObject({ active: true, sub: id, token_type: 'refresh_token' });
    for (const foreign of ['not-a-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'rt_unknownunknownunknown'])
      expect(await introspect(foreign)).toEqual({ active: false });

    // Only a client with tokens:revoke may end a user's session; then both of its tokens are dead.
    expectOAuthError(
      await anonymous.POST('/oauth/revoke', { body: { token: session.refresh_token }, ...asForm(basic(worker.client_id, worker.client_secret)) }),
      403,
      'unauthorized_client',
    );
    const revoked = await anonymous.POST('/oauth/revoke', {
      body: { token: session.refresh_token, token_type_hint: 'refresh_token' },
      ...asForm(basic(revoker.client_id, revoker.client_secret)),
    });
    expect(revoked.response.status).toBe(200);
    expect(await introspect(session.refresh_token)).toEqual({ active: false });
    expect((await anonymous.POST('/auth/refresh', { body: { refresh_token: session.refresh_token } })).response.status).toBe(401);
    await waitFor(async () => (await introspect(session.access_token))?.active === false || undefined, {
      timeoutMs: 1000,
      intervalMs: 20,
      what: 'the session’s access token to be inactive',
    });
    // Revoking what is unknown or already revoked is not an error (RFC 7009 2.2).
    expect(
      (await anonymous.POST('/oauth/revoke', { body: { token: 'whatever' }, ...asForm(basic(revoker.client_id, revoker.client_secret)) })).response.status,
    ).toBe(200);
  });
});
