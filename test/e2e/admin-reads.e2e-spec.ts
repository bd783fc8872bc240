/**
 * Admin reads are audited for the runbook's weekly "who accessed admin functions" review, against
 * the stack as real processes: many reads of one admin route by one caller in a window are one
 * AdminRead record with their count, not one per request; a refused read is none.
 */
import { http, ServiceStack, waitFor } from '@tr4ction/testing';
import { adminToken } from '../support/accounts';
import { decodeJwt } from '../support/tokens';

const WINDOW_S = 5;

interface AdminReadRecord {
  actor: { type: string; id: string };
  subject: { type: string; id: string };
  data: { route: string; count: number; first_at: string; last_at: string };
}

describe('admin reads (e2e)', () => {
  let stack: ServiceStack;
  let admin: string;

  beforeAll(async () => {
    stack = await ServiceStack.start({ env: { ADMIN_READ_WINDOW_SECONDS: String(WINDOW_S) } });
    admin = await adminToken(stack.baseUrl);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('20 reads of /admin/users by one admin in a window are one AdminRead record with count 20', async () => {
    const adminId = String(decodeJwt(admin).payload.sub);
    for (let i = 0; i < 20; i++) expect((await http(stack.baseUrl, 'GET', `/admin/users?limit=${i + 1}`, { token: admin })).status).toBe(200);

    const records = await waitFor(
      async () => {
        const page = await http<{ items: AdminReadRecord[] }>(stack.baseUrl, 'GET', `/audit/events?type=AdminRead&actor_id=${adminId}`, { token: admin });
        const items = page.body.items ?? [];
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
    expect((await http(stack.baseUrl, 'GET', '/admin/keys', { token: admin })).status).toBe(200);
    expect((await http(stack.baseUrl, 'GET', '/admin/users')).status).toBe(401);

    const keys = await waitFor(
      async () => {
        const page = await http<{ items: AdminReadRecord[] }>(stack.baseUrl, 'GET', `/audit/events?type=AdminRead&actor_id=${adminId}`, { token: admin });
        return page.body.items?.find((r) => r.data.route === '/admin/keys');
      },
      { timeoutMs: (WINDOW_S + 20) * 1000, what: 'the AdminRead record of /admin/keys' },
    );
    expect(keys.data.count).toBe(1);
    const all = await http<{ items: AdminReadRecord[] }>(stack.baseUrl, 'GET', '/audit/events?type=AdminRead', { token: admin });
    expect(all.body.items.every((r) => r.actor.id === adminId)).toBe(true);
  });
});
