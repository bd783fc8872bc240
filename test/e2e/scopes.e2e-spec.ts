/**
 * Scopes everywhere, against the stack as real processes: user tokens carry the scopes of their
 * roles, service-account tokens exactly the scopes granted (checked against the table at creation),
 * every protected route needs its scope (403 INSUFFICIENT_SCOPE without it), refused audit reads
 * of a service account are recorded, and the served OpenAPI document states the route table.
 */
import { GRANTABLE_SCOPES, ROUTE_SCOPES, SELF } from '@tr4ction/contracts';
import { http, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { decodeJwt } from '../support/tokens';

describe('scopes (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { AUDIT_REFUSAL_WINDOW_SECONDS: '1' } });
    admin = await adminToken(stack.baseUrl);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function serviceAccount(scopes: string[]): Promise<{ id: string; token: string }> {
    const made = await http<{ id: string; client_id: string; client_secret: string }>(stack.baseUrl, 'POST', '/admin/service-accounts', { token: admin, body: { name: `scoped-${scopes.join('-')}`, scopes } });
    expect(made.status).toBe(201);
    const granted = await http<{ access_token: string; scope: string }>(stack.baseUrl, 'POST', '/auth/token', { body: { grant_type: 'client_credentials', client_id: made.body.client_id, client_secret: made.body.client_secret } });
    expect({ status: granted.status, scope: granted.body.scope }).toEqual({ status: 200, scope: scopes.join(' ') });
    return { id: made.body.id, token: granted.body.access_token };
  }

  it('an admin’s token carries every grantable scope', () => {
    expect(String(decodeJwt(admin).payload.scope).split(' ')).toEqual([...GRANTABLE_SCOPES]);
  });

  it('a service account with only audit:read reads the audit log and nothing else (403 INSUFFICIENT_SCOPE)', async () => {
    const { token } = await serviceAccount(['audit:read']);
    expect(decodeJwt(token).payload.scope).toBe('audit:read');
    expect((await http(stack.baseUrl, 'GET', '/audit/events?limit=5', { token })).status).toBe(200);
    for (const [method, path] of [['GET', '/admin/users'], ['GET', '/admin/keys'], ['POST', '/admin/keys/rotate'], ['GET', '/admin/settings'], ['GET', '/auth/me']] as const) {
      const res = await http<{ code: string }>(stack.baseUrl, method, path, { token });
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'INSUFFICIENT_SCOPE' });
    }
  });

  it('records a service account’s refused audit read with it as actor', async () => {
    const { id, token } = await serviceAccount(['keys:read']);
    expect((await http(stack.baseUrl, 'GET', '/admin/keys', { token })).status).toBe(200);
    const refused = await http<{ code: string }>(stack.baseUrl, 'GET', '/audit/verify', { token });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE' });
    const record = await waitFor(async () => {
      const page = await http<{ items: Array<{ actor: { type: string; id: string }; data: Record<string, unknown> }> }>(stack.baseUrl, 'GET', `/audit/events?type=AuditLogQueried&outcome=failure&actor_id=${id}`, { token: admin });
      return page.body.items?.[0];
    }, { what: 'the refused read of the service account' });
    expect(record).toMatchObject({ actor: { type: 'service_account', id }, data: { endpoint: '/audit/verify', reason: 'INSUFFICIENT_SCOPE', count: 1 } });
  });

  it('grants a service account only scopes of the table, never a restricted one', async () => {
    for (const scopes of [['reports:read'], ['password:change'], ['audit:read', 'admin']]) {
      const res = await http<{ code: string }>(stack.baseUrl, 'POST', '/admin/service-accounts', { token: admin, body: { name: 'bad', scopes } });
      expect({ scopes, status: res.status, code: res.body.code }).toEqual({ scopes, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('serves an OpenAPI document whose security requirements are the route table, route by route', async () => {
    const doc = await http<{ paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>> }>(stack.baseUrl, 'GET', '/docs-json');
    const documented: Record<string, string> = {};
    for (const [path, item] of Object.entries(doc.body.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.security?.length) continue;
        documented[`${method.toUpperCase()} ${path}`] = op.security[0].oauth2?.[0] ?? SELF;
      }
    }
    expect(documented).toEqual(ROUTE_SCOPES);
  });
});
