// Bounded network waits: a secrets read happens at boot, and an unroutable endpoint must fail
// the boot in seconds with SECRET_PROVIDER_UNREACHABLE instead of hanging on the OS defaults.
export const AWS_REQUEST_HANDLER_OPTIONS = {
  connectionTimeout: 3_000,
  requestTimeout: 5_000,
  throwOnRequestTimeout: true,
} as const;

export const AWS_MAX_ATTEMPTS = 3;

// No endpoint is set here: the SDK (v3.1164+) reads AWS_ENDPOINT_URL (and per-service
// AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM) itself, which is how the integration
// specs reach moto over HTTP with clients built exactly as in production.

export const DEFAULT_AWS_SECRETS_PREFIX = 'tr4ction/';
