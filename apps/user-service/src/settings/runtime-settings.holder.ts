/**
 * This replica's copy of the runtime settings (the password policy in force). Loaded from the
 * event store before the service answers, then kept current like every other follower: each
 * ConfigurationChanged reloads it, from whichever replica the change came.
 */
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { subjectsFor, type RuntimeSettings, type RuntimeSettingsSnapshot } from '@tr4ction/contracts';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { SnapshotFollower } from '@tr4ction/messaging';
import { BUS_SECURITY, LOGGER, NATS_CONNECTION, SERVICE_CONFIG, type BusSecurity } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { SettingsRepository } from './settings.repository';
import { settingsDefaults } from './settings.defaults';

/** Safety net for a change core NATS dropped while connected; events normally arrive in milliseconds. */
export const SETTINGS_RESYNC_MS = 10_000;

@Injectable()
export class RuntimeSettingsHolder implements OnModuleInit, OnApplicationShutdown {
  private readonly defaults: RuntimeSettings;
  private readonly follower: SnapshotFollower<RuntimeSettingsSnapshot>;

  constructor(
    repository: SettingsRepository,
    @Inject(SERVICE_CONFIG) config: ConfigOf<typeof userServiceSchema>,
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    @Inject(LOGGER) logger: Logger,
    @Inject(BUS_SECURITY) bus: Pick<BusSecurity, 'authenticator'>,
  ) {
    this.defaults = settingsDefaults(config);
    this.follower = new SnapshotFollower({
      what: 'runtime settings',
      nats,
      subjects: subjectsFor('ConfigurationChanged'),
      load: () => repository.load(this.defaults),
      resyncMs: SETTINGS_RESYNC_MS,
      logger,
      security: { authenticator: bus.authenticator, watcher: 'user-service-runtime-settings' },
      onChange: (next, previous) => {
        if (previous || next.version > 0)
          logger.info({ settings_version: next.version, password_policy: next.settings.password_policy }, 'runtime settings applied');
      },
    });
  }

  onModuleInit(): Promise<void> {
    return this.follower.start();
  }

  onApplicationShutdown(): void {
    this.follower.stop();
  }

  current(): RuntimeSettings {
    return this.follower.current()?.settings ?? this.defaults;
  }

  offer(snapshot: RuntimeSettingsSnapshot): void {
    this.follower.offer(snapshot);
  }
}
