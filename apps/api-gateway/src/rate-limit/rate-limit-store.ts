/**
 * Postgres for the gateway's shared counters: the schema is migrated at start (under the same
 * advisory lock as the services' migrations, so replicas starting together migrate once), and
 * the counters use their own small pool with short timeouts, so a slow database delays a request
 * by a second at most before the limiter applies its failure mode (RATE_LIMIT_FAILURE_MODE).
 */
import { Pool } from 'pg';
import { createServiceDataSource, ensureDatabase, pgWithRotatingPassword, runMigrations, type RotatingPassword } from '@tr4ction/persistence';
import { refuseUnsafeDatabaseLogin } from '@tr4ction/platform';
import type { Logger } from '@tr4ction/telemetry';
import { gatewayMigrations, GATEWAY_SCHEMA } from '../migrations';

const TIMEOUT_MS = 1000;

/** `password`: the login's password from the secrets store (rotated there), else the one in `url`. */
export function createRateLimitPool(url: string, size: number, password?: RotatingPassword): Pool {
  const PoolClass = password ? pgWithRotatingPassword(password).Pool : Pool;
  const pool = new PoolClass({
    connectionString: url,
    max: size,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: TIMEOUT_MS,
    application_name: 'api-gateway-rate-limit',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Also refuses, in production, a login with more rights than the gateway's own role (exit 78). */
export async function migrateGatewaySchema(url: string, logger: Logger, environment: string, password?: RotatingPassword): Promise<void> {
  await ensureDatabase(url).catch(() => undefined);
  const dataSource = createServiceDataSource({ url, schema: GATEWAY_SCHEMA, service: 'api-gateway', migrations: gatewayMigrations, poolSize: 2, password });
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.initialize();
      break;
    } catch (err) {
      if (attempt === 1 || attempt % 10 === 0) logger.warn({ attempt, err_name: (err as Error).name }, 'waiting for Postgres');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
  try {
    await refuseUnsafeDatabaseLogin(dataSource, environment, logger);
    const ran = await runMigrations(dataSource, GATEWAY_SCHEMA);
    if (ran.length) logger.info({ migrations: ran }, 'gateway migrations applied');
  } finally {
    await dataSource.destroy();
  }
}
