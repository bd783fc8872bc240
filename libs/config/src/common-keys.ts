import { defineSchema } from './config-schema';

/** Keys every service reads. Names kept from the operations runbook where it had them. */
export const commonKeys = defineSchema({
  ENVIRONMENT: {
    kind: 'enum',
    values: ['development', 'production', 'test'] as const,
    default: 'development',
    description: 'Deployment environment; production refuses unsafe defaults',
  },
  DEBUG_MODE: {
    kind: 'bool',
    default: false,
    description: 'Verbose diagnostics: debug logs unless LOG_LEVEL is set, /docs served even in production; must be false in production',
  },
  DATABASE_URL: {
    kind: 'url',
    default: 'postgres://postgres@127.0.0.1:5432/tr4ction',
    sensitive: true,
    description: "Postgres connection string of this process's own role (may hold a password); production refuses a superuser login",
  },
  DATABASE_POOL_SIZE: { kind: 'int', default: 10, min: 1, max: 200, description: 'Postgres connections per process' },
  DATABASE_PREPARED_STATEMENTS: {
    kind: 'bool',
    default: true,
    description:
      'Named INSERT/UPDATE/DELETE statements, parsed and planned once per connection; false behind a transaction pooler without prepared-statement support (PgBouncer before 1.21)',
  },
  NATS_URL: { kind: 'list', default: ['nats://127.0.0.1:4222'], description: 'NATS server(s), comma separated (`tls://` to require TLS)' },
  NATS_CREDS_FILE: {
    kind: 'string',
    description: "File with this process's bus credential: an nkey seed, or a `.creds` file (user JWT + seed); required in production",
  },
  NATS_TLS_CA_FILE: { kind: 'string', description: "PEM file of the CA that signed the NATS servers' certificates; TLS is required in production" },
  NATS_TLS_CERT_FILE: { kind: 'string', description: 'PEM client certificate for NATS (when the servers verify clients)' },
  NATS_TLS_KEY_FILE: { kind: 'string', sensitive: true, description: 'PEM private key of NATS_TLS_CERT_FILE' },
  NATS_STREAM_REPLICAS: {
    kind: 'int',
    default: 1,
    min: 1,
    max: 5,
    description: "JetStream replicas of each stream on creation (1 on one server, 3 in a cluster); a boot never lowers an existing stream's",
  },
  LOG_LEVEL: {
    kind: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    default: 'info',
    description: 'Minimum log level',
  },
  RPC_TIMEOUT_MS: { kind: 'int', default: 5000, min: 100, max: 120000, description: 'Time a request/reply call to a service may take' },
  RPC_OUTAGE_GRACE_MS: {
    kind: 'int',
    default: 30000,
    min: 0,
    max: 300000,
    description: 'While the bus reconnects, how long a request may wait for it instead of failing',
  },
});

/**
 * Default management ports, one per process kind, so the five processes of `npm start` share a
 * machine without clashing; a container or pod uses the default of its own process.
 */
export const MANAGEMENT_PORTS = {
  'api-gateway': 9400,
  'auth-service': 9401,
  'user-service': 9402,
  'audit-service': 9403,
  'rotation-service': 9404,
} as const;

/** Each replica's own /health/live, /health/ready and /metrics, on a port apart from the API. */
export function managementKeys(defaultPort: number) {
  return defineSchema({
    MANAGEMENT_HOST: {
      kind: 'string',
      default: '127.0.0.1',
      description: 'Bind address of the management port (0.0.0.0 in containers, for probes and Prometheus)',
    },
    MANAGEMENT_PORT: {
      kind: 'int',
      default: defaultPort,
      min: 0,
      max: 65535,
      description: "Port of /health/live, /health/ready and this replica's /metrics; 0 turns it off",
    },
  });
}
