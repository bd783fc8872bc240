/**
 * Work done before the service answers its first request (Nest runs bootstrap hooks before the
 * NATS server listens, so readiness waits for it): the argon2 dummy hash and the blocklist are
 * ready, so an unknown-email login does not stand out by its timing; and, outside production,
 * the runbook's default accounts exist, so a client that sees the stack ready can sign in.
 */
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { LOGGER, SERVICE_CONFIG } from '@tr4ction/platform';
import { DEFAULT_ACCOUNTS, preloadPasswordBlocklist } from '@tr4ction/security';
import type { Logger } from '@tr4ction/telemetry';
import { UsersService } from './users.service';

@Injectable()
export class StartupSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @Inject(SERVICE_CONFIG) private readonly config: ConfigOf<typeof userServiceSchema>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    preloadPasswordBlocklist();
    if (this.config.ENVIRONMENT === 'production') return;
    const created = await this.users.seedDefaultAccounts(DEFAULT_ACCOUNTS);
    if (created) this.logger.info({ created }, 'seeded development accounts (password change forced at first login)');
  }
}
