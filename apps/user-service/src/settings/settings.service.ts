/**
 * The owner of the runtime settings. A change is validated, diffed against the current state and,
 * when something really changes, recorded as one ConfigurationChanged (the before and after of
 * each changed key) in the settings stream and the outbox, in one transaction. Writers are
 * serialised (a transaction lock, and the stream version behind it): a PUT that races another is
 * diffed against the state that won, so both changes land and each event says exactly what it
 * changed; with If-Match the admin asked to fail instead (412).
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  diffSettings,
  validateSettingsPatch,
  type RequestMeta,
  type RuntimeSettings,
  type RuntimeSettingsSnapshot,
  type UpdateSettingsRequest,
} from '@tr4ction/contracts';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { buildEvent, type UnitOfWork } from '@tr4ction/messaging';
import { ConcurrencyError } from '@tr4ction/persistence';
import { CLOCK, SERVICE_CONFIG, SERVICE_NAME, UNIT_OF_WORK, type Clock } from '@tr4ction/platform';
import { RuntimeSettingsHolder } from './runtime-settings.holder';
import { SettingsErrors } from './settings.errors';
import { SettingsRepository } from './settings.repository';
import { settingsDefaults } from './settings.defaults';
import { SETTINGS_SUBJECT } from './settings.state';

/** The lock serialises writers; should the stream still move underneath (a writer without it), retry on the new state. */
const MAX_ATTEMPTS = 5;
@Injectable()
export class SettingsService {
  private readonly defaults: RuntimeSettings;

  constructor(
    private readonly repository: SettingsRepository,
    private readonly holder: RuntimeSettingsHolder,
    @Inject(SERVICE_CONFIG) config: ConfigOf<typeof userServiceSchema>,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.defaults = settingsDefaults(config);
  }

  /** Read from the store, not this replica's copy: an admin sees what every replica converges on. */
  snapshot(): Promise<RuntimeSettingsSnapshot> {
    return this.repository.load(this.defaults);
  }

  async update(req: UpdateSettingsRequest, meta: RequestMeta): Promise<RuntimeSettingsSnapshot> {
    const { problems, patch } = validateSettingsPatch(req.changes);
    if (problems.length) throw SettingsErrors.invalid(problems);
    const expected = req.expected_version;
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0)) throw SettingsErrors.invalid(['If-Match must be a settings version']);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.unitOfWork.run(async (m) => {
          await this.repository.lock(m);
          const state = await this.repository.load(this.defaults, m);
          if (expected !== undefined && expected !== state.version) throw SettingsErrors.stale(state.version);
          const changes = diffSettings(state.settings, patch);
          if (changes.length === 0) return { state, changed: false };
          const event = buildEvent(this.service, meta, {
            type: 'ConfigurationChanged',
            subject: { ...SETTINGS_SUBJECT },
            data: { changes },
            occurredAt: this.clock.now(),
          });
          await this.repository.append(m, state.version, [event]);
          return { state: await this.repository.load(this.defaults, m), changed: true };
        });
        if (result.changed) {
          // This replica applies it before answering; the others reload on the event.
          this.holder.offer(result.state);
        }
        return result.state;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        if (expected !== undefined) throw SettingsErrors.stale(expected + 1);
        if (attempt >= MAX_ATTEMPTS) throw SettingsErrors.busy();
      }
    }
  }
}
