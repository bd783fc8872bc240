/**
 * Scopes everywhere, against the stack as real processes: user tokens carry the scopes of their
 * roles, service-account tokens exactly the scopes granted (checked against the table at creation),
 * every protected route needs its scope (403 INSUFFICIENT_SCOPE without it), refused audit reads
 * of a service account are recorded, and the served OpenAPI document is the committed contract and
 * states the route table. Driven through the typed client generated from that document.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GRANTABLE_SCOPES, ROUTE_SCOPES, SELF } from '@tr4ction/contracts';
import type { operations } from '@tr4ction/http-api';
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { decodeJwt } from '../support/tokens';

/** A scope the document lets a service account be granted. */
type GrantableScope = operations['admin.serviceAccounts.create']['requestBody']['content']['application/json']['scopes'][number];

describe('scopes (e2e)', () => {
  let stack: ServiceStack;
  let admin: ApiClient;
  let adminJwt: string;

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { AUDIT_REFUSAL_WINDOW_SECONDS: '1' } });
    adminJwt = await adminToken(stack.baseUrl);
    admin = apiClient(stack.baseUrl, adminJwt);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function serviceAccount(scopes: GrantableScope[]): Promise<{ id: string; token: string }> {
    const made = await admin.POST('/admin/service-accounts', { body: { name: `scoped-${scopes.join('-')}`, scopes } });
    expect(made.response.status).toBe(201);
    if (!made.data) throw new Error('no service account');
    const granted = await apiClient(stack.baseUrl).POST('/auth/token', {
      body: { grant_type: 'client_credentials', client_id: made.data.client_id, client_secret: made.data.client_secret },
    });
    expect({ status: granted.response.status, scope: granted.data?.scope }).toEqual({ status: 200, scope: scopes.join(' ') });
    return { id: made.data.id, token: granted.data?.access_token ?? '' };
  }

  it('an admin’s token carries every grantable scope', () => {
    expect(String(decodeJwt(adminJwt).payload.scope).split(' ')).toEqual([...GRANTABLE_SCOPES]);
  });

  it('a service account with only audit:read reads the audit log and nothing else (403 INSUFFICIENT_SCOPE)', async () => {
    const { token } = await serviceAccount(['audit:read']);
    expect(decodeJwt(token).payload.scope).toBe('audit:read');
    const client = apiClient(stack.baseUrl, token);
    expect((await client.GET('/audit/events', { params: { query: { limit: '5' } } })).response.status).toBe(200);
    const refusals = await Promise.all([
      client.GET('/admin/users').then((r) => ({ path: '/admin/users', status: r.response.status, code: r.error?.code })),
      client.GET('/admin/keys').then((r) => ({ path: '/admin/keys', status: r.response.status, code: r.error?.code })),
      client.POST('/admin/keys/rotate').then((r) => ({ path: '/admin/keys/rotate', status: r.response.status, code: r.error?.code })),
      client.GET('/admin/settings').then((r) => ({ path: '/admin/settings', status: r.response.status, code: r.error?.code })),
      client.GET('/auth/me').then((r) => ({ path: '/auth/me', status: r.response.status, code: r.error?.code })),
    ]);
    for (const refusal of refusals) expect(refusal).toEqual({ path: refusal.path, status: 403, code: 'INSUFFICIENT_SCOPE' });
  });

  it('records a service account’s refused audit read with it as actor', async () => {
    const { id, token } = await serviceAccount(['keys:read']);
    const client = apiClient(stack.baseUrl, token);
    expect((await client.GET('/admin/keys')).response.status).toBe(200);
    const refused = await client.GET('/audit/verify');
    expect({ status: refused.response.status, code: refused.error?.code }).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE' });
    const record = await waitFor(
      async () => {
        const page = await admin.GET('/audit/events', { params: { query: { type: 'AuditLogQueried', outcome: 'failure', actor_id: id } } });
        return page.data?.items[0];
      },
      { what: 'the refused read of the service account' },
    );
    expect(record).toMatchObject({ actor: { type: 'service_account', id }, data: { endpoint: '/audit/verify', reason: 'INSUFFICIENT_SCOPE', count: 1 } });
  });

  it('grants a service account only scopes of the table, never a restricted one', async () => {
    for (const scopes of [['reports:read'], ['password:change'], ['audit:read', 'admin']]) {
      // Scopes outside the document's enum, on purpose: the typed body would not allow them.
      const res = await admin.POST('/admin/service-accounts', { body: { name: 'bad', scopes: scopes as GrantableScope[] } });
      expect({ scopes, status: res.response.status, code: res.error?.code }).toEqual({ scopes, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('serves the committed OpenAPI document, whose security requirements are the route table, route by route', async () => {
    const served = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    };
    expect(served).toEqual(JSON.parse(readFileSync(resolve(__dirname, '../../docs/api/openapi.json'), 'utf8')));
    const documented: Record<string, string> = {};
    for (const [path, item] of Object.entries(served.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.security?.length) continue;
        documented[`${method.toUpperCase()} ${path}`] = op.security[0].oauth2?.[0] ?? SELF;
      }
    }
    expect(documented).toEqual(ROUTE_SCOPES);
  });
});
