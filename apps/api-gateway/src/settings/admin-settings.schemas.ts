/** Request schema of PUT /admin/settings (validation + OpenAPI), built from the shared bounds. */
import { ORIGIN_PATTERN, PASSWORD_POLICY_NAMES, ROLES, SETTING_BOUNDS } from '@tr4ction/contracts';

type SecondsKey = 'access_token_ttl_seconds' | 'refresh_token_ttl_seconds' | 'session_idle_timeout_seconds' | 'session_max_lifetime_seconds';

const ttl = (key: SecondsKey, description: string) =>
  ({ type: 'integer', minimum: SETTING_BOUNDS[key].min, maximum: SETTING_BOUNDS[key].max, description }) as const;

export const updateSettingsBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    password_policy: { type: 'string', enum: [...PASSWORD_POLICY_NAMES], description: 'Password policy profile applied to every new or changed password' },
    cors_origins: {
      type: 'array',
      maxItems: SETTING_BOUNDS.cors_origins.maxItems,
      uniqueItems: true,
      description: 'Allowed browser origins: scheme://host[:port], no path, no wildcard',
      items: { type: 'string', maxLength: SETTING_BOUNDS.cors_origins.maxLength, pattern: ORIGIN_PATTERN },
    },
    access_token_ttl_seconds: ttl('access_token_ttl_seconds', 'Lifetime of access tokens issued from now on'),
    refresh_token_ttl_seconds: ttl('refresh_token_ttl_seconds', 'Absolute lifetime of refresh-token families started from now on'),
    session_idle_timeout_seconds: ttl(
      'session_idle_timeout_seconds',
      'A session not refreshed for this long ends at its next refresh (running sessions included)',
    ),
    session_max_lifetime_seconds: ttl('session_max_lifetime_seconds', 'No session outlives this from its sign-in (running sessions included)'),
    mfa_required_roles: {
      type: 'array',
      maxItems: ROLES.length,
      uniqueItems: true,
      description: 'Roles that must use a second factor; a user in one of them without a factor can, after the password, only enrol one',
      items: { type: 'string', enum: [...ROLES] },
    },
  },
} as const;

/** What GET and PUT answer: the effective settings, keyed by setting name, and who changed them last. */
export const settingsViewSchema = {
  type: 'object',
  required: [
    'password_policy',
    'cors_origins',
    'access_token_ttl_seconds',
    'refresh_token_ttl_seconds',
    'session_idle_timeout_seconds',
    'session_max_lifetime_seconds',
    'mfa_required_roles',
    'updated_at',
    'updated_by',
  ],
  properties: {
    ...updateSettingsBodySchema.properties,
    updated_at: { type: ['string', 'null'], format: 'date-time', description: 'Time of the last change; null while every key is its environment default' },
    updated_by: { type: ['string', 'null'], description: 'Actor id of the last change' },
  },
} as const;
