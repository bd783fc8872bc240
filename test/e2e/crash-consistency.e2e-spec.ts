/**
 * Real kills (SIGKILL) at arbitrary points: user-service dies while registering and relaying
 * (between commit, publish and marking sent), audit-service dies while projecting (between its
 * insert and its ack). Afterwards every user that exists has exactly one audit record.
 */
import { Client } from 'pg';
import { ServiceStack, waitFor, type StackService } from '@tr4ction/testing';
import { apiClient } from '../support/api-client';

const PASSWORD = 'Copper-Lantern-3917!';

describe('crash consistency (e2e)', () => {
  let stack: ServiceStack;
  let db: Client;

  beforeAll(async () => {
    stack = await ServiceStack.start();
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  async function killAndRelaunch(service: StackService): Promise<void> {
    await stack.stopService(service, 'SIGKILL');
    stack.launch(service);
  }

  it('no lost and no doubled audit records after SIGKILLs of the writer and the projector', async () => {
    let stop = false;
    const load = (async () => {
      for (let i = 0; !stop && i < 400; i++) {
        await apiClient(stack.baseUrl)
          .POST('/auth/register', { body: { email: `crash-${i}@example.com`, password: PASSWORD } })
          .catch(() => undefined);
      }
    })();
    const countUsers = async () => Number((await db.query(`SELECT count(*) FROM users.users_v1 WHERE email LIKE 'crash-%'`)).rows[0].count);
    for (const [service, afterUsers] of [
      ['audit-service', 20],
      ['user-service', 40],
      ['audit-service', 60],
      ['user-service', 80],
    ] as const) {
      await waitFor(async () => (await countUsers()) >= afterUsers, { timeoutMs: 60_000, what: `${afterUsers} users before killing ${service}` });
      await killAndRelaunch(service);
    }
    await waitFor(async () => (await countUsers()) >= 100, { timeoutMs: 60_000, what: '100 users' });
    stop = true;
    await load;
    await stack.waitReady();

    const users = await countUsers();
    const audited = await waitFor(
      async () => {
        const r = await db.query(
          `SELECT count(*)::int AS rows, count(DISTINCT subject_id)::int AS subjects FROM audit.audit_log_v1 WHERE type = 'UserRegistered' AND data->>'email' LIKE 'crash-%'`,
        );
        const row = r.rows[0] as { rows: number; subjects: number };
        return row.rows >= users ? row : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'an audit record for every user' },
    );
    expect(audited).toEqual({ rows: users, subjects: users });

    const gaps = await db.query(`SELECT count(*)::int AS n, max(seq)::int AS max FROM audit.audit_log_v1`);
    expect(gaps.rows[0].n).toBe(gaps.rows[0].max);
  });
});
