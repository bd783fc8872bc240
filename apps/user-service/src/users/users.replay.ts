/**
 * Rebuilds users_v1 from the user streams, in one transaction so readers never see it half-built,
 * and rewrites the aggregate snapshots from the same fold (a snapshot is a cache of its stream: a
 * replay after a fold change must not leave stale ones behind). Lockout counters are operational
 * state, not events: a rebuild starts every account unlocked.
 *
 * `into` rebuilds another table of users_v1's shape instead and leaves users_v1 and the snapshots
 * alone: how a test compares a from-scratch rebuild with the live projection.
 */
import type { DataSource } from 'typeorm';
import { EventStore } from '@tr4ction/persistence';
import { USER_SERVICE_SCHEMA } from '../migrations';
import { applyUserEvent, emptyUser, type UserState } from './user.aggregate';
import { SNAPSHOT_EVERY, UserAggregates } from './user-aggregate.repository';
import { projectUserEvent, USERS_PROJECTION } from './user.projector';

const USER_STREAM_PREFIX = 'user-';
const QUALIFIED_TABLE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

export async function replayUsers(dataSource: DataSource, { into = USERS_PROJECTION }: { into?: string } = {}): Promise<number> {
  if (!QUALIFIED_TABLE.test(into)) throw new Error(`replay target must be a schema-qualified table name, not ${JSON.stringify(into)}`);
  const store = new EventStore(USER_SERVICE_SCHEMA);
  const live = into === USERS_PROJECTION;
  const snapshots = new UserAggregates(dataSource);
  return dataSource.transaction(async (m) => {
    await m.query(`LOCK TABLE ${into} IN EXCLUSIVE MODE`);
    await m.query(`DELETE FROM ${into}`);
    if (live) await m.query('LOCK TABLE users.user_snapshots IN EXCLUSIVE MODE');
    const states = new Map<string, UserState>();
    let applied = 0;
    for await (const stored of store.readAll(m)) {
      if (!stored.streamId.startsWith(USER_STREAM_PREFIX)) continue;
      await projectUserEvent(m, stored.envelope, stored.version, into);
      if (live) {
        const id = stored.streamId.slice(USER_STREAM_PREFIX.length);
        states.set(id, applyUserEvent(states.get(id) ?? emptyUser(id), stored.envelope, stored.version));
      }
      applied++;
    }
    if (live) {
      await m.query('DELETE FROM users.user_snapshots');
      for (const state of states.values()) if (state.version >= SNAPSHOT_EVERY) await snapshots.saveSnapshot(m, state);
    }
    return applied;
  });
}
