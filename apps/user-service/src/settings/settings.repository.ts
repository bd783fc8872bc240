/** Reads the settings aggregate from user-service's event store and appends to it. */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope, RuntimeSettings, RuntimeSettingsSnapshot } from '@tr4ction/contracts';
import type { EventRecorder } from '@tr4ction/messaging';
import { DATA_SOURCE, EVENT_RECORDER } from '@tr4ction/platform';
import { foldSettings, SETTINGS_STREAM } from './settings.state';

@Injectable()
export class SettingsRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_RECORDER) private readonly recorder: EventRecorder,
  ) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Serialises writers of the settings (held until the transaction ends), so a change is diffed against the latest state. */
  async lock(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('tr4ction-users-settings'))`);
  }

  async load(defaults: RuntimeSettings, m: EntityManager = this.dataSource.manager): Promise<RuntimeSettingsSnapshot> {
    return foldSettings(defaults, await this.recorder.store.load(m, SETTINGS_STREAM));
  }

  /** Stream append + outbox in the caller's transaction; a racing writer gets ConcurrencyError. */
  append(m: EntityManager, expectedVersion: number, events: EventEnvelope[]): Promise<number> {
    return this.recorder.record(m, SETTINGS_STREAM, expectedVersion, events);
  }
}
