/**
 * A production process refuses to run on a database login that can do more than its own service
 * needs (a superuser, or one that may create roles or bypass row security): exit 78 (EX_CONFIG),
 * naming the variable and the login, never a password. Elsewhere it only says so once.
 */
import { databaseLoginProblems, describeDatabaseLogin, type RowQueryable } from '@tr4ction/persistence';
import type { Logger } from '@tr4ction/telemetry';

export async function refuseUnsafeDatabaseLogin(db: RowQueryable, environment: string, logger: Logger, variable = 'DATABASE_URL'): Promise<void> {
  const problems = databaseLoginProblems(await describeDatabaseLogin(db), variable);
  if (!problems.length) return;
  if (environment !== 'production') {
    logger.warn({ problems }, 'the database login has more rights than this service needs (refused in production)');
    return;
  }
  logger.fatal({ problems }, 'refusing to start: invalid configuration');
  process.exit(78); // EX_CONFIG
}
