import { defineSchema } from './config-schema';
import { commonKeys, managementKeys, MANAGEMENT_PORTS } from './common-keys';
import { rotationScheduleKeys, rpcProofKeys, tokenKeys, tokenVerificationKeys } from './token-keys';
import { corsKeys, refreshTokenKeys, runtimeSettingDefaultKeys } from './settings-keys';

export const gatewaySchema = defineSchema({
  ...commonKeys,
  ...managementKeys(MANAGEMENT_PORTS['api-gateway']),
  PORT: { kind: 'int', default: 8000, min: 0, max: 65535, description: 'HTTP port of the API gateway' },
  HOST: { kind: 'string', default: '127.0.0.1', description: 'HTTP bind address (loopback unless set; the container image sets 0.0.0.0)' },
  ...corsKeys,
  TRUSTED_PROXIES: { kind: 'list', default: [], description: 'Addresses or CIDRs whose X-Forwarded-For is believed' },
  BODY_LIMIT_BYTES: { kind: 'int', default: 64 * 1024, min: 1024, max: 10 * 1024 * 1024, description: 'Largest accepted request body' },
  JAEGER_UI_URL: { kind: 'url', description: 'Base URL of the Jaeger UI, for trace links in audit records' },
  RATE_LIMIT_WINDOW_SECONDS: {
    kind: 'int',
    default: 60,
    min: 1,
    max: 86400,
    description: 'Length of one rate-limit window on /auth/* (shared by every gateway replica through Postgres)',
  },
  RATE_LIMIT_AUTH_PER_IP: { kind: 'int', default: 60, min: 1, description: 'POST /auth/* requests one client address may make per window' },
  RATE_LIMIT_AUTH_PER_ACCOUNT: {
    kind: 'int',
    default: 10,
    min: 1,
    description: 'Login attempts per email (and, in their own bucket, password changes per user) per window',
  },
  RATE_LIMIT_FAILURE_MODE: {
    kind: 'enum',
    values: ['open', 'closed'] as const,
    description:
      'When the rate-limit store does not answer: let requests through (open) or refuse them with 503 (closed). Default: closed in production, open elsewhere',
  },
  RATE_LIMIT_POOL_SIZE: { kind: 'int', default: 10, min: 1, max: 100, description: 'Postgres connections of the rate-limit counters' },
  RATE_LIMIT_AUDIT_REFUSALS_PER_CALLER: {
    kind: 'int',
    default: 20,
    min: 1,
    description: 'Refused /audit/* reads (403) one caller may make per window before 429',
  },
  AUDIT_REFUSAL_WINDOW_SECONDS: {
    kind: 'int',
    default: 60,
    min: 1,
    max: 3600,
    description: 'Refused audit reads of one caller and endpoint are recorded once per this window, with a count',
  },
  ADMIN_READ_WINDOW_SECONDS: {
    kind: 'int',
    default: 60,
    min: 1,
    max: 3600,
    description: 'Admin reads (users, keys, service accounts, settings) of one caller and route are recorded once per this window, with a count',
  },
  AUDIT_HEAVY_READS_PER_CALLER: {
    kind: 'int',
    default: 1,
    min: 1,
    max: 100,
    description: 'Concurrent /audit/verify and /audit/events/export requests per caller per gateway (429 beyond)',
  },
  AUDIT_HEAVY_READS_MAX: {
    kind: 'int',
    default: 4,
    min: 1,
    max: 1000,
    description: 'Concurrent /audit/verify and /audit/events/export requests per gateway in total (503 beyond)',
  },
  ...tokenKeys,
  ...tokenVerificationKeys,
  STEP_UP_MAX_AGE_MINUTES: {
    kind: 'int',
    default: 5,
    min: 1,
    max: 1440,
    description: 'Removing a second factor or regenerating recovery codes needs a sign-in at most this old (auth_time), else 401 REAUTHENTICATION_REQUIRED',
  },
});

export const userServiceSchema = defineSchema({
  ...commonKeys,
  ...managementKeys(MANAGEMENT_PORTS['user-service']),
  PASSWORD_POLICY: { kind: 'enum', values: ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const, default: 'seed', description: 'Password policy profile' },
  ARGON2_MEMORY_KIB: { kind: 'int', default: 19456, min: 1024, description: 'argon2id memory cost (KiB)' },
  ARGON2_TIME_COST: { kind: 'int', default: 2, min: 1, description: 'argon2id iterations' },
  ARGON2_PARALLELISM: { kind: 'int', default: 1, min: 1, description: 'argon2id lanes' },
  HASHER_MAX_CONCURRENT: { kind: 'int', min: 1, max: 64, description: 'argon2 hashes computed at once per process (default: CPUs, below the libuv pool size)' },
  HASHER_MAX_QUEUE: { kind: 'int', default: 64, min: 0, max: 10000, description: 'Password operations allowed to wait for the hasher before answering 503' },
  ...runtimeSettingDefaultKeys,
  ...tokenVerificationKeys,
  ...rpcProofKeys,
  WEBAUTHN_RP_ID: {
    kind: 'string',
    description:
      "Passkeys' relying-party id: the gateway's public host name or a parent domain (default: ISSUER_URL's host; `localhost` for a loopback address)",
  },
  WEBAUTHN_ORIGINS: {
    kind: 'list',
    default: [],
    description: "Origins a passkey ceremony may come from, comma separated (default: ISSUER_URL's origin, plus its `localhost` form for a loopback address)",
  },
});

export const authServiceSchema = defineSchema({
  ...commonKeys,
  ...managementKeys(MANAGEMENT_PORTS['auth-service']),
  ...tokenKeys,
  ...refreshTokenKeys,
  ...tokenVerificationKeys,
  ...rpcProofKeys,
  SIGNING_KEY_RESYNC_MS: {
    kind: 'int',
    default: 30_000,
    min: 500,
    max: 3_600_000,
    description: 'Safety net: how often auth-service re-reads the active signing key even without events',
  },
});

export const auditServiceSchema = defineSchema({
  ...commonKeys,
  ...managementKeys(MANAGEMENT_PORTS['audit-service']),
  AUDIT_MAX_DELIVERIES: { kind: 'int', default: 5, min: 1, max: 100, description: 'Deliveries of one event before it is dead-lettered' },
  AUDIT_ACK_WAIT_MS: { kind: 'int', default: 30000, min: 500, description: 'Time before an unacknowledged event is redelivered' },
  AUDIT_DATABASE_URL: {
    kind: 'url',
    sensitive: true,
    description: 'Login for the audit log itself: tr4ction_audit_writer (SELECT/INSERT only) or a member of it (default: DATABASE_URL, acting as that role)',
  },
  AUDIT_CHECKPOINT_EVERY: { kind: 'int', default: 100, min: 1, max: 1000000, description: 'Sign a checkpoint at every seq that is a multiple of this' },
  AUDIT_CHECKPOINT_SECONDS: { kind: 'int', default: 10, min: 1, max: 86400, description: 'Sign the head at least this often while new records arrive' },
  AUDIT_CHECKPOINT_PUBLIC_KEYS: {
    kind: 'list',
    default: [],
    description:
      'Earlier checkpoint public keys still trusted by verification (Ed25519, base64 or PEM), each optionally `@<RFC 3339 instant>` when it stopped signing (later checkpoints it signs are refused), comma separated',
  },
  AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS: {
    kind: 'int',
    default: 60,
    min: 1,
    max: 3600,
    description: 'How often audit-service re-reads AUDIT_CHECKPOINT_KEY and its history from the secrets provider, to sign with a rotated key',
  },
  AUDIT_WEBHOOK_URL: { kind: 'url', description: 'SIEM webhook: every audit record is POSTed here in seq order, at least once (off when unset)' },
  AUDIT_WEBHOOK_SECRET: {
    kind: 'string',
    sensitive: true,
    description: 'HMAC-SHA256 key of the webhook body signature (X-Tr4ction-Signature); at least 32 characters, required with AUDIT_WEBHOOK_URL',
  },
  AUDIT_WEBHOOK_BATCH: { kind: 'int', default: 100, min: 1, max: 1000, description: 'Audit records per webhook delivery' },
  AUDIT_WEBHOOK_TIMEOUT_MS: { kind: 'int', default: 5000, min: 100, max: 60000, description: 'Time a webhook delivery may take before it counts as failed' },
  AUDIT_WEBHOOK_RETRY_MS: {
    kind: 'int',
    default: 1000,
    min: 10,
    max: 60000,
    description: 'First retry delay after a failed webhook delivery; doubles up to AUDIT_WEBHOOK_MAX_RETRY_MS',
  },
  AUDIT_WEBHOOK_MAX_RETRY_MS: {
    kind: 'int',
    default: 60000,
    min: 10,
    max: 600000,
    description: 'Longest retry delay of the webhook sink: how long a receiver that came back may wait for its first delivery',
  },
  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: {
    kind: 'url',
    description:
      'OTLP/HTTP logs endpoint (JSON): every audit record is POSTed here as a log record, in seq order, at least once (off when unset; a bare origin gets /v1/logs)',
  },
  OTEL_EXPORTER_OTLP_LOGS_HEADERS: {
    kind: 'string',
    sensitive: true,
    description: 'Headers of the OTLP logs requests, `key=value` comma separated, values percent-encoded (e.g. an API key)',
  },
  OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: {
    kind: 'int',
    default: 10000,
    min: 100,
    max: 60000,
    description: 'Milliseconds an OTLP logs delivery may take before it counts as failed',
  },
  AUDIT_OTLP_LOGS_BATCH: { kind: 'int', default: 100, min: 1, max: 1000, description: 'Audit records per OTLP logs delivery' },
  AUDIT_OTLP_LOGS_RETRY_MS: {
    kind: 'int',
    default: 1000,
    min: 10,
    max: 60000,
    description: 'First retry delay after a failed OTLP logs delivery; doubles up to AUDIT_OTLP_LOGS_MAX_RETRY_MS',
  },
  AUDIT_OTLP_LOGS_MAX_RETRY_MS: {
    kind: 'int',
    default: 60000,
    min: 10,
    max: 600000,
    description: 'Longest retry delay of the OTLP logs sink: how long a collector that came back may wait for its first delivery',
  },
  ...tokenVerificationKeys,
  ...rpcProofKeys,
});

export const rotationServiceSchema = defineSchema({
  ...commonKeys,
  ...managementKeys(MANAGEMENT_PORTS['rotation-service']),
  ...tokenKeys,
  ...rotationScheduleKeys,
  ...tokenVerificationKeys,
  ...rpcProofKeys,
});

/** The operator CLI (`tr4ction`): it talks to the services over NATS and reads Postgres for backups and checks. */
export const cliSchema = defineSchema({
  ...commonKeys,
  BACKUP_DIR: { kind: 'string', default: 'backups', description: 'Folder where `tr4ction db backup` writes dumps when --out is not given' },
  BACKUP_MAX_AGE_HOURS: {
    kind: 'int',
    default: 26,
    min: 1,
    max: 24 * 366,
    description: 'Age beyond which `tr4ction doctor` reports the newest database backup as too old',
  },
});
