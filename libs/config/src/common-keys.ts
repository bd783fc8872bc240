import { defineSchema } from './config-schema';

/** Keys every service reads. Names kept from the operations runbook where it had them. */
export const commonKeys = defineSchema({
  ENVIRONMENT: { kind: 'enum', values: ['development', 'production', 'test'] as const, default: 'development', description: 'Deployment environment; production refuses unsafe defaults' },
  DEBUG_MODE: { kind: 'bool', default: false, description: 'Verbose diagnostics; must be false in production' },
  DATABASE_URL: { kind: 'url', default: 'postgres://postgres@127.0.0.1:5432/tr4ction', sensitive: true, description: 'Postgres connection string (may hold a password)' },
  DATABASE_POOL_SIZE: { kind: 'int', default: 10, min: 1, max: 200, description: 'Postgres connections per process' },
  NATS_URL: { kind: 'list', default: ['nats://127.0.0.1:4222'], description: 'NATS server(s), comma separated (`tls://` to require TLS)' },
  NATS_CREDS_FILE: { kind: 'string', description: "File with this process's bus credential: an nkey seed, or a `.creds` file (user JWT + seed); required in production" },
  NATS_TLS_CA_FILE: { kind: 'string', description: "PEM file of the CA that signed the NATS servers' certificates; TLS is required in production" },
  NATS_TLS_CERT_FILE: { kind: 'string', description: 'PEM client certificate for NATS (when the servers verify clients)' },
  NATS_TLS_KEY_FILE: { kind: 'string', sensitive: true, description: 'PEM private key of NATS_TLS_CERT_FILE' },
  LOG_LEVEL: { kind: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, default: 'info', description: 'Minimum log level' },
  RPC_TIMEOUT_MS: { kind: 'int', default: 5000, min: 100, max: 120000, description: 'Time a request/reply call to a service may take' },
  RPC_OUTAGE_GRACE_MS: { kind: 'int', default: 30000, min: 0, max: 300000, description: 'While the bus reconnects, how long a request may wait for it instead of failing' },
});
