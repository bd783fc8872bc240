/**
 * Loads user aggregates from the event store: the latest snapshot, then only the events after it.
 * Writes a snapshot every SNAPSHOT_EVERY events, in the transaction that appends them.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EventStore } from '@tr4ction/persistence';
import { DATA_SOURCE } from '@tr4ction/platform';
import { USER_SERVICE_SCHEMA } from '../migrations';
import { emptyUser, foldUser, USER_STATE_FORMAT, userStreamId, type UserState } from './user.aggregate';

/**
 * A user stream grows by a handful of events a month (role changes, password changes, lockouts);
 * folding 50 small events is well under a millisecond, while a snapshot write costs a row upsert.
 * Every 50 keeps a load at one snapshot read plus at most 49 events, and the write rare.
 */
export const SNAPSHOT_EVERY = 50;

@Injectable()
export class UserAggregates {
  private readonly store = new EventStore(USER_SERVICE_SCHEMA);

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The account's state now (version 0 when its stream is empty). */
  async load(userId: string, m: EntityManager = this.dataSource.manager): Promise<UserState> {
    const rows: Array<{ version: number; state: UserState }> = await m.query(`SELECT version, state FROM users.user_snapshots WHERE stream_id = $1`, [
      userStreamId(userId),
    ]);
    const snapshot = rows[0] && rows[0].state.format === USER_STATE_FORMAT ? { ...rows[0].state, version: rows[0].version } : emptyUser(userId);
    return foldUser(snapshot, await this.store.load(m, userStreamId(userId), snapshot.version));
  }

  /**
   * The same, after taking the stream's write lock for the rest of the transaction: writers that
   * decide inside a transaction (admin commands, recorded lockouts) then never lose the race on the
   * version, and a command that loaded earlier (a password change) still gets CONFLICT if it moved.
   */
  async loadForUpdate(m: EntityManager, userId: string): Promise<UserState> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [userStreamId(userId)]);
    return this.load(userId, m);
  }

  /** Snapshot when an append crossed a multiple of SNAPSHOT_EVERY (so one per 50 events, whatever the batch sizes). */
  async snapshotIfDue(m: EntityManager, before: number, after: UserState): Promise<void> {
    if (Math.floor(after.version / SNAPSHOT_EVERY) === Math.floor(before / SNAPSHOT_EVERY)) return;
    await this.saveSnapshot(m, after);
  }

  async saveSnapshot(m: EntityManager, state: UserState): Promise<void> {
    await m.query(
      `INSERT INTO users.user_snapshots (stream_id, version, state, taken_at) VALUES ($1, $2, $3::jsonb, now())
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, taken_at = EXCLUDED.taken_at
       WHERE users.user_snapshots.version < EXCLUDED.version`,
      [userStreamId(state.id), state.version, JSON.stringify(state)],
    );
  }
}
