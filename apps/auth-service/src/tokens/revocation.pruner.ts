import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { RevocationService } from './revocation.service';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** Denials are kept only until the token they deny has expired; this drops the rest. */
@Injectable()
export class RevocationPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly revocation: RevocationService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.revocation.pruneExpired().then(
        (n) => n > 0 && this.logger.debug({ pruned: n }, 'expired token denials pruned'),
        (err: unknown) => this.logger.warn({ err: (err as Error).message }, 'pruning token denials failed'),
      );
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
