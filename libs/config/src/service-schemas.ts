import { defineSchema } from './config-schema';
import { commonKeys } from './common-keys';
import { rotationScheduleKeys, tokenKeys } from './token-keys';

export const gatewaySchema = defineSchema({
  ...commonKeys,
  PORT: { kind: 'int', default: 8000, min: 0, max: 65535, description: 'HTTP port of the API gateway' },
  HOST: { kind: 'string', default: '0.0.0.0', description: 'HTTP bind address' },
  CORS_ORIGINS: { kind: 'list', default: [], description: 'Allowed browser origins, comma separated; no wildcard' },
  TRUSTED_PROXIES: { kind: 'list', default: [], description: 'Addresses or CIDRs whose X-Forwarded-For is believed' },
  BODY_LIMIT_BYTES: { kind: 'int', default: 64 * 1024, min: 1024, max: 10 * 1024 * 1024, description: 'Largest accepted request body' },
  JAEGER_UI_URL: { kind: 'url', description: 'Base URL of the Jaeger UI, for trace links in audit records' },
  ...tokenKeys,
  TOKEN_STATE_RESYNC_MS: { kind: 'int', default: 60_000, min: 500, max: 3_600_000, description: 'Safety net: how often the gateway reloads keys and revocations even without events' },
});

export const userServiceSchema = defineSchema({
  ...commonKeys,
  PASSWORD_POLICY: { kind: 'enum', values: ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const, default: 'seed', description: 'Password policy profile' },
  ARGON2_MEMORY_KIB: { kind: 'int', default: 19456, min: 1024, description: 'argon2id memory cost (KiB)' },
  ARGON2_TIME_COST: { kind: 'int', default: 2, min: 1, description: 'argon2id iterations' },
  ARGON2_PARALLELISM: { kind: 'int', default: 1, min: 1, description: 'argon2id lanes' },
});

export const authServiceSchema = defineSchema({
  ...commonKeys,
  ...tokenKeys,
  REFRESH_TOKEN_TTL_DAYS: { kind: 'int', default: 30, min: 1, max: 365, description: 'Absolute lifetime of a refresh-token family, from the login that started it' },
  SIGNING_KEY_RESYNC_MS: { kind: 'int', default: 30_000, min: 500, max: 3_600_000, description: 'Safety net: how often auth-service re-reads the active signing key even without events' },
});

export const auditServiceSchema = defineSchema({
  ...commonKeys,
  AUDIT_MAX_DELIVERIES: { kind: 'int', default: 5, min: 1, max: 100, description: 'Deliveries of one event before it is dead-lettered' },
  AUDIT_ACK_WAIT_MS: { kind: 'int', default: 30000, min: 500, description: 'Time before an unacknowledged event is redelivered' },
});

export const rotationServiceSchema = defineSchema({
  ...commonKeys,
  ...tokenKeys,
  ...rotationScheduleKeys,
});
