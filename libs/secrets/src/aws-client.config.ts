// Bounded network waits: a secrets read happens at boot, and an unroutable endpoint must fail
// the boot in seconds with SECRET_PROVIDER_UNREACHABLE instead of hanging on the OS defaults.
export const AWS_REQUEST_HANDLER_OPTIONS = {
  connectionTimeout: 3_000,
  requestTimeout: 5_000,
  throwOnRequestTimeout: true,
} as const;

export const AWS_MAX_ATTEMPTS = 3;

export const DEFAULT_AWS_SECRETS_PREFIX = 'tr4ction/';
