/**
 * How long tokens and sessions live: the `access_token_ttl_seconds`, `refresh_token_ttl_seconds`,
 * `session_idle_timeout_seconds` and `session_max_lifetime_seconds` runtime settings, read per use
 * so an admin's change applies at once on every replica; this service's environment (the keys of
 * the same names, REFRESH_TOKEN_TTL_DAYS) until an admin changes them.
 */
import type { RuntimeSettingsFollower } from '@tr4ction/messaging';

const DAY_SECONDS = 86_400;

export class TokenLifetimes {
  constructor(
    private readonly settings: Pick<RuntimeSettingsFollower, 'override'>,
    private readonly env: {
      ACCESS_TOKEN_TTL_SECONDS: number;
      REFRESH_TOKEN_TTL_DAYS: number;
      SESSION_IDLE_TIMEOUT_SECONDS: number;
      SESSION_MAX_LIFETIME_SECONDS: number;
    },
  ) {}

  accessSeconds(): number {
    return this.settings.override('access_token_ttl_seconds') ?? this.env.ACCESS_TOKEN_TTL_SECONDS;
  }

  refreshSeconds(): number {
    return this.settings.override('refresh_token_ttl_seconds') ?? this.env.REFRESH_TOKEN_TTL_DAYS * DAY_SECONDS;
  }

  /** Read at every refresh, so a lowered value applies to running sessions too. */
  sessionIdleSeconds(): number {
    return this.settings.override('session_idle_timeout_seconds') ?? this.env.SESSION_IDLE_TIMEOUT_SECONDS;
  }

  sessionMaxSeconds(): number {
    return this.settings.override('session_max_lifetime_seconds') ?? this.env.SESSION_MAX_LIFETIME_SECONDS;
  }
}
