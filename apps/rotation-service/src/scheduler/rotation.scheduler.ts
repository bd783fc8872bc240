/**
 * The rotation schedule: every ROTATION_CHECK_INTERVAL_MS each replica asks the features to do
 * whatever is due. Nothing is remembered in memory: due dates come from stored timestamps and the
 * job row lock picks one replica per turn, so a restart or a second replica changes nothing.
 */
import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, rotationServiceSchema } from '@tr4ction/config';
import { LOGGER, SERVICE_CONFIG } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { DatabasePasswordRotation } from '../database-passwords/database-password.rotation';
import { CheckpointKeyRotation } from '../checkpoint-key/checkpoint-key.rotation';
import { ServiceAccountSecretRotation } from '../service-accounts/service-account-secret.rotation';
import { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { JwtSecretRotation } from '../signing-keys/jwt-secret.rotation';
import { MasterKeyStagedRotation } from '../signing-keys/master-key.staged-rotation';
import { SigningKeysService } from '../signing-keys/signing-keys.service';

@Injectable()
export class RotationScheduler implements OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private failures = 0;
  /** Set after the first successful pass: an active key exists (or HS256 needs none). */
  ready = false;

  constructor(
    private readonly keys: SigningKeysService,
    private readonly accounts: ServiceAccountsService,
    private readonly accountSecrets: ServiceAccountSecretRotation,
    private readonly jwtSecret: JwtSecretRotation,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof rotationServiceSchema>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dbPasswords: DatabasePasswordRotation,
    // Optional so a spec can build a scheduler of the older features alone.
    @Optional() private readonly checkpointKey?: CheckpointKeyRotation,
    @Optional() private readonly masterKey?: MasterKeyStagedRotation,
  ) {}

  /** Runs one pass now (the boot's key bootstrap), then keeps ticking. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const result = await this.keys.reconcile();
        if (result.changes.length > 0)
          this.logger.info({ changes: result.changes.map((c) => ({ kid: c.kid, from: c.from, to: c.to })) }, 'signing keys changed');
        // Failures of one account's rotation are recorded by the runner and retried next pass.
        await this.accountSecrets.rotateDue();
        await this.jwtSecret.rotateDue();
        await this.dbPasswords.rotateDue();
        await this.checkpointKey?.rotateDue();
        await this.masterKey?.rotateDue();
        await this.accounts.remindDue();
        this.ready = this.ready || (await this.keys.hasActiveKey());
        this.failures = 0;
      } catch (err) {
        // An outage (database away) must not kill the schedule: the next tick tries again.
        this.failures += 1;
        if (this.failures === 1 || this.failures % 30 === 0)
          this.logger.warn({ err_name: (err as Error).name, err: (err as Error).message, failures: this.failures }, 'rotation pass failed; retrying');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, this.config.ROTATION_CHECK_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
