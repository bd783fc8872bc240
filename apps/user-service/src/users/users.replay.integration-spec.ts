import type { DataSource } from 'typeorm';
import { createEvent, uuidv7, type EventDataMap, type EventType } from '@tr4ction/contracts';
import { EventRecorder } from '@tr4ction/messaging';
import { createServiceDataSource } from '@tr4ction/persistence';
import { integrationEnv } from '@tr4ction/testing';
import { projectUserEvent } from './user.projector';
import { replayUsers } from './users.replay';

function event<T extends EventType>(type: T, id: string, data: EventDataMap[T]) {
  return createEvent({
    type,
    actor: { type: 'system', id: null },
    subject: { type: 'user', id },
    source: { service: 'replay-spec' },
    trace: { trace_id: '0'.repeat(32), span_id: '0'.repeat(16) },
    data,
  });
}

describe(replayUsers.name, () => {
  let ds: DataSource;
  const recorder = new EventRecorder('users');

  beforeAll(async () => {
    ds = createServiceDataSource({ url: integrationEnv().databaseUrl, schema: 'users', service: 'replay-spec', migrations: [] });
    await ds.initialize();
  });

  afterAll(() => ds.destroy());

  it('rebuilds the users projection from the event store alone', async () => {
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    await ds.transaction(async (m) => {
      for (const [i, id] of ids.entries()) {
        const events = [
          event('UserRegistered', id, { email: `replay-${i}@example.com`, name: `R${i}`, roles: ['founder'], password_expires_at: null }),
          event('RolesChanged', id, { before: ['founder'], after: ['founder', 'auditor'] }),
        ];
        await recorder.record(m, `user-${id}`, 0, events);
        for (const [v, e] of events.entries()) await projectUserEvent(m, e, v + 1);
      }
      await recorder.record(m, `user-${ids[2]}`, 2, [event('UserDeleted', ids[2], {})]);
      await projectUserEvent(m, event('UserDeleted', ids[2], {}), 3);
    });
    const snapshot = async () =>
      (await ds.query(`SELECT id, email, name, roles, version FROM users.users_v1 WHERE email LIKE 'replay-%' ORDER BY email`)) as unknown[];
    const before = await snapshot();
    expect(before).toHaveLength(2);

    await ds.query(`UPDATE users.users_v1 SET roles = '{}', name = 'corrupted' WHERE email LIKE 'replay-%'`);
    expect(await snapshot()).not.toEqual(before);

    expect(await replayUsers(ds)).toBeGreaterThanOrEqual(7);
    expect(await snapshot()).toEqual(before);
  });
});
