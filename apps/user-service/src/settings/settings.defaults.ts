import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { isRole, type PasswordPolicyName, type RuntimeSettings } from '@tr4ction/contracts';

const DAY_SECONDS = 86_400;

/** The effective value of every runtime setting before any admin change: this service's environment. */
export function settingsDefaults(config: ConfigOf<typeof userServiceSchema>): RuntimeSettings {
  return {
    // The config schema admits exactly the profile names.
    password_policy: config.PASSWORD_POLICY as PasswordPolicyName,
    cors_origins: [...config.CORS_ORIGINS],
    access_token_ttl_seconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refresh_token_ttl_seconds: config.REFRESH_TOKEN_TTL_DAYS * DAY_SECONDS,
    session_idle_timeout_seconds: config.SESSION_IDLE_TIMEOUT_SECONDS,
    session_max_lifetime_seconds: config.SESSION_MAX_LIFETIME_SECONDS,
    // Checked at boot (main.ts preflight); an unknown name could never match a user anyway.
    mfa_required_roles: config.MFA_REQUIRED_ROLES.filter(isRole),
  };
}
