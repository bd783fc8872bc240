/**
 * Rebuilds users_v1 from the user streams, in one transaction so readers never see it half-built.
 * Lockout counters are operational state, not events: a rebuild starts every account unlocked.
 */
import type { DataSource } from 'typeorm';
import { EventStore } from '@tr4ction/persistence';
import { USER_SERVICE_SCHEMA } from '../migrations';
import { projectUserEvent } from './user.projector';

export async function replayUsers(dataSource: DataSource): Promise<number> {
  const store = new EventStore(USER_SERVICE_SCHEMA);
  return dataSource.transaction(async (m) => {
    await m.query('LOCK TABLE users.users_v1 IN EXCLUSIVE MODE');
    await m.query('DELETE FROM users.users_v1');
    let applied = 0;
    for await (const stored of store.readAll(m)) {
      await projectUserEvent(m, stored.envelope, stored.version);
      applied++;
    }
    return applied;
  });
}
