/**
 * A replica's copy of the runtime settings when user-service (their owner) is another process:
 * the api-gateway (CORS origins) and auth-service (token lifetimes). Loaded by RPC at boot and
 * after every ConfigurationChanged, reconnect or periodic resync (SnapshotFollower).
 *
 * A key no admin has changed falls back to the replica's own environment, so a process behaves
 * exactly as configured until an admin changes that key.
 */
import type { NatsConnection } from 'nats';
import { RPC, subjectsFor, type ServiceName, type RuntimeSettings, type RuntimeSettingsSnapshot } from '@tr4ction/contracts';
import type { Logger } from '@tr4ction/telemetry';
import type { RpcClient } from '../rpc/rpc-client';
import { SnapshotFollower } from './snapshot-follower';
import type { EventAuthenticator } from '../signing/event-authenticator';

/** Safety net for a change core NATS dropped while connected; events normally arrive in milliseconds. */
export const RUNTIME_SETTINGS_RESYNC_MS = 10_000;

export interface RuntimeSettingsFollowerOptions {
  service: ServiceName;
  nats: NatsConnection;
  rpc: RpcClient;
  logger: Logger;
  authenticator: EventAuthenticator;
  resyncMs?: number;
  /** Called with every snapshot that moves this replica's copy forward (the first one included). */
  onChange?: (snapshot: RuntimeSettingsSnapshot) => void;
}

export class RuntimeSettingsFollower {
  private readonly follower: SnapshotFollower<RuntimeSettingsSnapshot>;

  constructor(options: RuntimeSettingsFollowerOptions) {
    const meta = { actor: { type: 'system' as const, id: options.service } };
    this.follower = new SnapshotFollower({
      what: 'runtime settings',
      nats: options.nats,
      subjects: subjectsFor('ConfigurationChanged'),
      load: () => options.rpc.send(RPC.user.settings, meta, {}),
      resyncMs: options.resyncMs ?? RUNTIME_SETTINGS_RESYNC_MS,
      logger: options.logger,
      security: { authenticator: options.authenticator, watcher: `${options.service}-runtime-settings` },
      onChange: (next, previous) => {
        if (previous || next.version > 0)
          options.logger.info({ settings_version: next.version, overridden: Object.keys(next.overrides) }, 'runtime settings applied');
        options.onChange?.(next);
      },
    });
  }

  /** Resolves once the first snapshot is in (retrying while user-service starts). */
  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): void {
    this.follower.stop();
  }

  loaded(): boolean {
    return this.follower.current() !== undefined;
  }

  /** The admin's value of a key, or undefined while it is the environment's. */
  override<K extends keyof RuntimeSettings>(key: K): RuntimeSettings[K] | undefined {
    return this.follower.current()?.overrides[key];
  }

  /** The reply to a change made through this replica: applied before the caller hears back. */
  offer(snapshot: RuntimeSettingsSnapshot): void {
    this.follower.offer(snapshot);
  }
}
