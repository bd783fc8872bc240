import { defineSchema } from './config-schema';
import { tokenKeys } from './token-keys';

/** Browser origins the gateway allows; also the default of the `cors_origins` runtime setting. */
export const corsKeys = defineSchema({
  CORS_ORIGINS: {
    kind: 'list',
    default: [],
    description: 'Allowed browser origins, comma separated; no wildcard. Default of the cors_origins runtime setting',
  },
});

export const refreshTokenKeys = defineSchema({
  REFRESH_TOKEN_TTL_DAYS: {
    kind: 'int',
    default: 30,
    min: 1,
    max: 365,
    description: 'Absolute lifetime of a refresh-token family, from the login that started it',
  },
  SESSION_IDLE_TIMEOUT_SECONDS: {
    kind: 'int',
    default: 604_800,
    min: 10,
    max: 31_536_000,
    description: 'A session not refreshed for this long ends (default of the session_idle_timeout_seconds runtime setting)',
  },
  SESSION_MAX_LIFETIME_SECONDS: {
    kind: 'int',
    default: 2_592_000,
    min: 300,
    max: 31_536_000,
    description: 'No session outlives this from its sign-in, running ones included (default of the session_max_lifetime_seconds runtime setting)',
  },
});

/**
 * The environment defaults of the runtime settings (GET/PUT /admin/settings). user-service owns
 * the settings and reads these to know the effective value of a key no admin has changed yet; the
 * services that apply a key read their own copy, so they behave as before until an admin changes it.
 */
export const runtimeSettingDefaultKeys = defineSchema({
  ...corsKeys,
  ACCESS_TOKEN_TTL_SECONDS: tokenKeys.ACCESS_TOKEN_TTL_SECONDS,
  ...refreshTokenKeys,
  MFA_REQUIRED_ROLES: {
    kind: 'list',
    default: [],
    description: 'Roles that must use a second factor (admin, founder, auditor), comma separated. Default of the mfa_required_roles runtime setting',
  },
});
