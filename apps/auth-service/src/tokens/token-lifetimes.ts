/**
 * How long tokens live: the `access_token_ttl_seconds` and `refresh_token_ttl_seconds` runtime
 * settings, read per issue so an admin's change applies to the next login on every replica; this
 * service's environment (ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_DAYS) until an admin changes them.
 */
import type { RuntimeSettingsFollower } from '@tr4ction/messaging';

const DAY_SECONDS = 86_400;

export class TokenLifetimes {
  constructor(
    private readonly settings: Pick<RuntimeSettingsFollower, 'override'>,
    private readonly env: { ACCESS_TOKEN_TTL_SECONDS: number; REFRESH_TOKEN_TTL_DAYS: number },
  ) {}

  accessSeconds(): number {
    return this.settings.override('access_token_ttl_seconds') ?? this.env.ACCESS_TOKEN_TTL_SECONDS;
  }

  refreshSeconds(): number {
    return this.settings.override('refresh_token_ttl_seconds') ?? this.env.REFRESH_TOKEN_TTL_DAYS * DAY_SECONDS;
  }
}
