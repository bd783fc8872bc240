import { defineSchema } from './config-schema';

/**
 * Token and signing-key settings, shared by the services that sign (auth-service), verify
 * (api-gateway) and manage keys (rotation-service): they must agree, so they are declared once.
 */
export const tokenKeys = defineSchema({
  ACCESS_TOKEN_TTL_SECONDS: { kind: 'int', default: 900, min: 60, max: 86400, description: 'Lifetime of an access token' },
  JWKS_CACHE_SECONDS: {
    kind: 'int',
    default: 300,
    min: 1,
    max: 86400,
    description: 'How long verifiers may cache the JWKS; a new key is published at least this long before it signs',
  },
});

/** Settings only rotation-service reads: schedules and grace windows. */
export const rotationScheduleKeys = defineSchema({
  SIGNING_KEY_ROTATION_DAYS: { kind: 'int', default: 90, min: 1, max: 3650, description: 'Planned signing-key rotation interval' },
  SERVICE_ACCOUNT_ROTATION_DAYS: {
    kind: 'int',
    default: 30,
    min: 1,
    max: 3650,
    description: 'A service-account secret is due for rotation after this many days',
  },
  DATABASE_PASSWORD_ROTATION_DAYS: {
    kind: 'int',
    default: 30,
    min: 1,
    max: 3650,
    description: "Each service's database password (DATABASE_PASSWORD_<IDENTITY>, kept in a file or AWS store) is rotated after this many days",
  },
  SERVICE_ACCOUNT_GRACE_HOURS: {
    kind: 'int',
    default: 24,
    min: 0,
    max: 720,
    description: 'After a service-account rotation, the previous secret keeps working this long',
  },
  ROTATION_REMINDER_DAYS: {
    kind: 'int',
    default: 7,
    min: 0,
    max: 365,
    description: 'Emit RotationDue (event, log line, metric) this many days before a rotation is due',
  },
  AUDIT_CHECKPOINT_KEY_ROTATION_DAYS: {
    kind: 'int',
    default: 90,
    min: 1,
    max: 3650,
    description: 'rotation-service rotates AUDIT_CHECKPOINT_KEY (staged, in a file or AWS store) this many days after the last rotation',
  },
  SIGNING_KEYS_MASTER_KEY_ROTATION_DAYS: {
    kind: 'int',
    default: 180,
    min: 1,
    max: 3650,
    description:
      'rotation-service rotates SIGNING_KEYS_MASTER_KEY (staged, in a file or AWS store) and re-encrypts every stored signing key this many days after the last rotation',
  },
  ROTATION_CHECK_INTERVAL_MS: { kind: 'int', default: 10_000, min: 200, max: 3_600_000, description: 'How often the rotation scheduler looks for due work' },
  TR4CTION_FAULT_ROTATION_HOLD_MS: {
    kind: 'int',
    min: 0,
    max: 600_000,
    description: 'Tests only (refused in production): hold a rotation transaction open this long before commit, so a test can kill the process mid-rotation',
  },
  TR4CTION_FAULT_ROTATION_KILL_AFTER_STEP: {
    kind: 'enum',
    values: ['create', 'set', 'test', 'finish'] as const,
    description:
      'Tests only (refused in production): SIGKILL rotation-service right after a staged rotation commits this step, so a test can prove the next process resumes it',
  },
});

/**
 * What every service needs to verify the access token a request carries (the gateway, and each
 * service checking the proof of the requests it receives).
 */
export const tokenVerificationKeys = defineSchema({
  JWT_ALGORITHM: {
    kind: 'enum',
    values: ['RS256', 'ES256', 'HS256'] as const,
    default: 'RS256',
    description: 'Access-token algorithm: RS256/ES256 use rotating keys published as JWKS; HS256 is the runbook mode signing with JWT_SECRET_KEY (no JWKS)',
  },
  ISSUER_URL: {
    kind: 'url',
    default: 'http://localhost:8000',
    description: "The tokens' `iss` and the discovery document's `issuer`: the gateway's public URL (default: a development gateway on its default port)",
  },
  TOKEN_STATE_RESYNC_MS: {
    kind: 'int',
    default: 60_000,
    min: 500,
    max: 3_600_000,
    description: 'Safety net: how often a verifier (the gateway, every service) reloads keys and revocations even without events',
  },
});

/** Services that check the proof requests carry (every service behind the bus, not the gateway). */
export const rpcProofKeys = defineSchema({
  RPC_REFUSAL_WINDOW_SECONDS: {
    kind: 'int',
    default: 60,
    min: 1,
    max: 3600,
    description:
      'Refused requests (RpcRefused) of one caller, pattern and reason: the first is recorded at once, the repeats within this window as one record with a count',
  },
});
