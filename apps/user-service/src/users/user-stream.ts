/**
 * Appends events to a user's stream, projects them into users_v1 and enqueues them for the bus,
 * in the caller's transaction. Two writers racing on one user: the second gets CONFLICT (409).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import type { EventRecorder } from '@tr4ction/messaging';
import { ConcurrencyError } from '@tr4ction/persistence';
import { EVENT_RECORDER } from '@tr4ction/platform';
import { projectUserEvent } from './user.projector';
import { UsersErrors } from './users.errors';

@Injectable()
export class UserStream {
  constructor(@Inject(EVENT_RECORDER) private readonly recorder: EventRecorder) {}

  async commit(m: EntityManager, userId: string, expectedVersion: number, events: EventEnvelope[]): Promise<number> {
    let version: number;
    try {
      version = await this.recorder.record(m, `user-${userId}`, expectedVersion, events);
    } catch (err) {
      if (err instanceof ConcurrencyError) throw UsersErrors.conflict();
      throw err;
    }
    let v = expectedVersion;
    for (const e of events) await projectUserEvent(m, e, ++v);
    return version;
  }

  /** Events about a user that are not part of its stream (login outcomes, locks): published only. */
  publish(m: EntityManager, events: EventEnvelope[]): Promise<void> {
    return this.recorder.publishOnly(m, events);
  }
}
