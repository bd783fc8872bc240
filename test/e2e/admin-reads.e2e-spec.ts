/**
 * Admin reads are audited for the runbook's weekly "who accessed admin functions" review, against
 * the stack as real processes: many reads of one admin route by one caller in a window are one
 * AdminRead record with their count, not one per request; a refused read is none. Driven through the
 * typed client generated from the OpenAPI document.
 */
import { ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { apiClient, type ApiClient } from '../support/api-client';
import { decodeJwt } from '../support/tokens';

const WINDOW_S = 5;

/** The `data` of an AdminRead record (the document types audit data as any object). */
interface AdminReadData {
  route: string;
  count: number;
  first_at: string;
  last_at: string;
}

describe('admin reads (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;
  let api: ApiClient;

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { ADMIN_READ_WINDOW_SECONDS: String(WINDOW_S) } });
    admin = await adminToken(stack.baseUrl);
    api = apiClient(stack.baseUrl, admin);
  });

  async function adminReads(actorId?: string) {
    const page = await api.GET('/audit/events', { params: { query: { type: 'AdminRead', ...(actorId ? { actor_id: actorId } : {}) } } });
    return (page.data?.items ?? []).map((r) => ({ ...r, data: r.data as unknown as AdminReadData }));
  }

  afterAll(async () => {
    await stack?.stop();
  });

  it('20 reads of /admin/users by one admin in a window are one AdminRead record with count 20', async () => {
    const adminId = String(decodeJwt(admin).payload.sub);
    for (let i = 0; i < 20; i++) expect((await api.GET('/admin/users', { params: { query: { limit: String(i + 1) } } })).response.status).toBe(200);

    const records = await waitFor(
      async () => {
        const items = await adminReads(adminId);
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: (WINDOW_S + 20) * 1000, what: 'the AdminRead record once the window closes' },
    );

    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { type: 'user', id: adminId }, subject: { id: '/admin/users' }, data: { route: '/admin/users', count: 20 } });
    expect(Date.parse(records[0].data.last_at)).toBeGreaterThanOrEqual(Date.parse(records[0].data.first_at));
  });

  it('another route is its own record; a refused read records none', async () => {
    const adminId = String(decodeJwt(admin).payload.sub);
    expect((await api.GET('/admin/keys')).response.status).toBe(200);
    expect((await apiClient(stack.baseUrl).GET('/admin/users')).response.status).toBe(401);

    const keys = await waitFor(async () => (await adminReads(adminId)).find((r) => r.data.route === '/admin/keys'), {
      timeoutMs: (WINDOW_S + 20) * 1000,
      what: 'the AdminRead record of /admin/keys',
    });
    expect(keys.data.count).toBe(1);
    expect((await adminReads()).every((r) => r.actor.id === adminId)).toBe(true);
  });
});
