/**
 * Picks up a rotated checkpoint key: every AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS it re-reads
 * AUDIT_CHECKPOINT_KEY and AUDIT_CHECKPOINT_KEY_HISTORY from the secrets provider and, when either
 * changed, swaps them into the one CheckpointKeys object every signer and verifier holds (so the
 * next checkpoint is signed with the new key and verification trusts the new history). Polling,
 * not the SecretRotated event: the key lives in the store, and a store that is briefly unreachable
 * or a missed event must not leave the service signing with a retired key. rotation-service keeps
 * the old key trusted for an overlap well above this interval (docs/tokens-and-keys.md).
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, SERVICE_CONFIG } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { CHECKPOINT_KEYS, type CheckpointKeys } from './checkpoint-keys';

export const CHECKPOINT_KEY_LOADER = Symbol.for('tr4ction.audit.checkpoint-key-loader');
/** Reads the keys afresh from the secrets provider (audit-runtime builds it with the boot's options). */
export type CheckpointKeyLoader = () => Promise<CheckpointKeys>;

@Injectable()
export class CheckpointKeyReloader implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private reloading?: Promise<void>;

  constructor(
    @Inject(CHECKPOINT_KEYS) private readonly keys: CheckpointKeys,
    @Inject(CHECKPOINT_KEY_LOADER) private readonly load: CheckpointKeyLoader | undefined,
    @Inject(SERVICE_CONFIG) private readonly config: { AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS: number },
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.load) return;
    this.timer = setInterval(() => {
      this.reloading ??= this.reload()
        .then(() => undefined)
        .finally(() => (this.reloading = undefined));
    }, this.config.AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reloading;
  }

  /** One look at the store; true when the keys changed. Never throws: the current keys stay in use. */
  async reload(): Promise<boolean> {
    if (!this.load) return false;
    let fresh: CheckpointKeys;
    try {
      fresh = await this.load();
    } catch (err) {
      this.logger.warn({ err_name: (err as Error).name, err: (err as Error).message }, 'could not re-read the checkpoint key; signing with the current one');
      return false;
    }
    if (fresh.keyId === this.keys.keyId && fingerprint(fresh) === fingerprint(this.keys)) return false;
    const previous = this.keys.keyId;
    Object.assign(this.keys, fresh);
    this.logger.info(
      { key_id: fresh.keyId, previous_key_id: previous, trusted_keys: fresh.trusted.length },
      'checkpoint key reloaded from the secrets provider',
    );
    return true;
  }
}

/** What verification trusts, as comparable text (public halves and windows, never the private key). */
function fingerprint(keys: CheckpointKeys): string {
  return keys.trusted.map((t) => `${t.key.export({ format: 'der', type: 'spki' }).toString('base64')}@${t.notAfter?.toISOString() ?? ''}`).join(',');
}
