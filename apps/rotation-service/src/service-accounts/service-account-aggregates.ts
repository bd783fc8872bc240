/**
 * Loads service-account aggregates from rotation-service's event store and appends to their
 * streams at the version loaded, projecting each event into service_accounts_v1 and enqueueing it
 * for the bus in the caller's transaction. A writer whose stream moved since it loaded gets CONFLICT.
 *
 * No snapshots: an account's stream grows by one SecretRotated per rotation (every
 * SERVICE_ACCOUNT_ROTATION_DAYS, 30 by default, or an operator's), about a dozen events a year.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@tr4ction/contracts';
import type { EventRecorder } from '@tr4ction/messaging';
import { ConcurrencyError, lockStream } from '@tr4ction/persistence';
import { EVENT_RECORDER } from '@tr4ction/platform';
import {
  applyNewServiceAccountEvents,
  emptyServiceAccount,
  foldServiceAccount,
  serviceAccountStreamId,
  type ServiceAccountAggregate,
} from './service-account.aggregate';
import { projectServiceAccountEvent } from './service-account.projector';
import { ServiceAccountsErrors } from './service-accounts.errors';

@Injectable()
export class ServiceAccountAggregates {
  constructor(@Inject(EVENT_RECORDER) private readonly recorder: EventRecorder) {}

  /** The account's state now (version 0 when it has no stream). */
  async load(m: EntityManager, id: string): Promise<ServiceAccountAggregate> {
    return foldServiceAccount(emptyServiceAccount(id), await this.recorder.store.load(m, serviceAccountStreamId(id)));
  }

  /**
   * The same, after taking the stream's write lock for the rest of the transaction: commands that
   * also change the secrets table (rotate, revoke, a staged step) then run one after the other, so
   * each demotes exactly the secrets the state before it left, and none adds a secret to an
   * account another has just revoked.
   */
  async loadForUpdate(m: EntityManager, id: string): Promise<ServiceAccountAggregate> {
    await lockStream(m, this.recorder.schema, serviceAccountStreamId(id));
    return this.load(m, id);
  }

  /** Records `events` as the next versions of the account `state` was loaded at; returns the state after them. */
  async append(m: EntityManager, state: ServiceAccountAggregate, events: EventEnvelope[]): Promise<ServiceAccountAggregate> {
    try {
      await this.recorder.record(m, serviceAccountStreamId(state.id), state.version, events);
    } catch (err) {
      if (err instanceof ConcurrencyError) throw ServiceAccountsErrors.conflict();
      throw err;
    }
    let version = state.version;
    for (const e of events) await projectServiceAccountEvent(m, e, ++version);
    return applyNewServiceAccountEvents(state, events);
  }
}
