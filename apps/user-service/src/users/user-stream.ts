/**
 * Appends events to a user's stream at the aggregate's version, projects them into users_v1,
 * snapshots the aggregate when due and enqueues the events for the bus, in the caller's
 * transaction. Two writers racing on one user: the second gets CONFLICT (409).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventType } from '@tr4ction/contracts';
import type { EventRecorder } from '@tr4ction/messaging';
import { ConcurrencyError } from '@tr4ction/persistence';
import { EVENT_RECORDER } from '@tr4ction/platform';
import { applyNewEvents, isLive, userStreamId, type UserState } from './user.aggregate';
import { UserAggregates } from './user-aggregate.repository';
import { projectUserEvent } from './user.projector';
import { UsersErrors } from './users.errors';

/** Lockout transitions decided on the login path: recorded in the account's stream, unlike the login outcomes around them. */
const LOCKOUT_TRANSITIONS: ReadonlySet<EventType> = new Set<EventType>(['AccountLocked', 'AccountUnlocked']);

@Injectable()
export class UserStream {
  constructor(
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
    private readonly aggregates: UserAggregates,
  ) {}

  /** Records `events` as the next versions of the aggregate `state` was loaded at; returns the state after them. */
  async commit(m: EntityManager, state: UserState, events: EventEnvelope[]): Promise<UserState> {
    const next = await this.append(m, state, events);
    await this.recorder.outbox.enqueue(m, events);
    return next;
  }

  /**
   * Events about a user from the login and MFA paths. Lockout transitions change the account, so
   * they join its stream, at the version of the aggregate loaded under the stream's lock (the lock
   * was already placed in the counters: this records it, it cannot be refused). A deleted
   * account's stream is closed: its late transitions are published only. Login outcomes and MFA
   * events are published only. The outbox gets every event in the order given.
   */
  async publish(m: EntityManager, events: EventEnvelope[]): Promise<void> {
    const transitions = new Map<string, EventEnvelope[]>();
    for (const e of events) {
      if (!LOCKOUT_TRANSITIONS.has(e.type) || e.subject.type !== 'user') continue;
      transitions.set(e.subject.id, [...(transitions.get(e.subject.id) ?? []), e]);
    }
    for (const [userId, recorded] of transitions) {
      const state = await this.aggregates.loadForUpdate(m, userId);
      if (isLive(state)) await this.append(m, state, recorded);
    }
    await this.recorder.outbox.enqueue(m, events);
  }

  private async append(m: EntityManager, state: UserState, events: EventEnvelope[]): Promise<UserState> {
    try {
      await this.recorder.store.append(m, userStreamId(state.id), state.version, events);
    } catch (err) {
      if (err instanceof ConcurrencyError) throw UsersErrors.conflict();
      throw err;
    }
    let v = state.version;
    for (const e of events) await projectUserEvent(m, e, ++v);
    const next = applyNewEvents(state, events);
    await this.aggregates.snapshotIfDue(m, state.version, next);
    return next;
  }
}
