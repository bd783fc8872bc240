/**
 * Loads signing-key aggregates from rotation-service's event store and appends to their streams at
 * the version loaded, projecting each event into signing_keys_v1 and enqueueing it for the bus in
 * the caller's transaction. A writer whose stream moved since it loaded gets CONFLICT.
 *
 * No snapshots: a key's stream ends after about four events (created, activated, retiring,
 * retired or revoked) and a key is created every SIGNING_KEY_ROTATION_DAYS, so even every key
 * ever made is a few hundred small events to fold.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import type { EventRecorder } from '@tr4ction/messaging';
import { ConcurrencyError } from '@tr4ction/persistence';
import { EVENT_RECORDER } from '@tr4ction/platform';
import {
  applyNewSigningKeyEvents,
  applySigningKeyEvent,
  byCreation,
  emptySigningKey,
  foldSigningKey,
  isLiveKey,
  SIGNING_KEY_STREAM_PREFIX,
  signingKeyStreamId,
  type SigningKeyAggregate,
} from './signing-key.aggregate';
import { projectSigningKeyEvent } from './signing-key.projector';
import { SigningKeysErrors } from './signing-keys.errors';

interface StreamRow {
  stream_id: string;
  version: number;
  envelope: EventEnvelope;
}

@Injectable()
export class SigningKeyAggregates {
  constructor(@Inject(EVENT_RECORDER) private readonly recorder: EventRecorder) {}

  /** The key's state now (version 0 when it has no stream). */
  async load(m: EntityManager, kid: string): Promise<SigningKeyAggregate> {
    return foldSigningKey(emptySigningKey(kid), await this.recorder.store.load(m, signingKeyStreamId(kid)));
  }

  /** Every key that has a stream, folded, oldest first (the prefix read uses event_store_stream_prefix). */
  async loadAll(m: EntityManager): Promise<SigningKeyAggregate[]> {
    const rows: StreamRow[] = await m.query(
      `SELECT stream_id, version, envelope FROM rotation.event_store WHERE stream_id LIKE $1 ORDER BY stream_id, version`,
      [`${SIGNING_KEY_STREAM_PREFIX}%`],
    );
    const keys = new Map<string, SigningKeyAggregate>();
    for (const row of rows) {
      const kid = row.stream_id.slice(SIGNING_KEY_STREAM_PREFIX.length);
      keys.set(kid, applySigningKeyEvent(keys.get(kid) ?? emptySigningKey(kid), row.envelope, row.version));
    }
    return [...keys.values()].sort(byCreation);
  }

  /** The keys a rotation decides about (next, active, retiring), oldest first. */
  async live(m: EntityManager): Promise<SigningKeyAggregate[]> {
    return (await this.loadAll(m)).filter(isLiveKey);
  }

  /** Records `events` as the next versions of the key `state` was loaded at; returns the state after them. */
  async append(m: EntityManager, state: SigningKeyAggregate, events: EventEnvelope[]): Promise<SigningKeyAggregate> {
    try {
      await this.recorder.record(m, signingKeyStreamId(state.kid), state.version, events);
    } catch (err) {
      if (err instanceof ConcurrencyError) throw SigningKeysErrors.conflict();
      throw err;
    }
    let version = state.version;
    for (const e of events) await projectSigningKeyEvent(m, e, ++version);
    return applyNewSigningKeyEvents(state, events);
  }
}
