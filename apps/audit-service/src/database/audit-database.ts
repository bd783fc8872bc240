/**
 * The connection pool audit-service reads and appends the audit log with. Every connection acts as
 * the restricted role (SELECT and INSERT only), whatever login opened it:
 * - development: DATABASE_URL (a trusted local superuser) is reused, switched to the role at connect;
 * - production: AUDIT_DATABASE_URL names a login role that is a member of the restricted role and has
 *   a real password, so the audit path never holds owner rights.
 * The platform's own pool (DATABASE_URL) still runs migrations and the outbox relay as the owner.
 */
import type { DataSource } from 'typeorm';
import { createServiceDataSource, type RotatingPassword } from '@tr4ction/persistence';
import type { Logger } from '@tr4ction/telemetry';
import { AUDIT_WRITER_ROLE } from '../migrations';

export const AUDIT_DATA_SOURCE = Symbol.for('tr4ction.audit.data-source');
/** The service's unit of work over the restricted pool: reads and refusals are recorded through the writer login. */
export const AUDIT_UNIT_OF_WORK = Symbol.for('tr4ction.audit.unit-of-work');

export interface AuditDatabaseConfig {
  DATABASE_URL: string;
  AUDIT_DATABASE_URL?: string;
  DATABASE_POOL_SIZE: number;
  DATABASE_PREPARED_STATEMENTS?: boolean;
  ENVIRONMENT: string;
}

/**
 * `roleAtConnect: false` is for a pooler that refuses startup options (PgBouncer): then the
 * endpoint itself must act as the role, e.g. a PgBouncer database entry whose `connect_query` is
 * `SET ROLE tr4ction_audit_writer` (docs/deploy.md); checkAuditSession proves it either way.
 */
/** `password`: the writer login's password from the secrets store (DATABASE_PASSWORD_AUDIT_WRITER), with AUDIT_DATABASE_URL only. */
export function createAuditDataSource(
  config: AuditDatabaseConfig,
  { roleAtConnect = true, password }: { roleAtConnect?: boolean; password?: RotatingPassword } = {},
): DataSource {
  return createServiceDataSource({
    url: config.AUDIT_DATABASE_URL ?? config.DATABASE_URL,
    schema: 'audit',
    service: 'audit-service',
    migrations: [],
    poolSize: config.DATABASE_POOL_SIZE,
    preparedWrites: config.DATABASE_PREPARED_STATEMENTS,
    password: config.AUDIT_DATABASE_URL ? password : undefined,
    ...(roleAtConnect ? { sessionRole: AUDIT_WRITER_ROLE } : {}),
  });
}

/** PgBouncer's answer to a startup `options` parameter (the role switch at connect). */
export function isStartupOptionsRefused(err: unknown): boolean {
  return /unsupported startup parameter: options/i.test(String((err as Error)?.message ?? ''));
}

export interface AuditSession {
  current_user: string;
  session_user: string;
  superuser: boolean;
  owner: boolean;
}

export async function describeAuditSession(ds: DataSource): Promise<AuditSession> {
  const rows: AuditSession[] = await ds.query(
    `SELECT current_user::text AS current_user, session_user::text AS session_user,
            (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS superuser,
            pg_has_role(session_user, (SELECT tableowner FROM pg_tables WHERE schemaname = 'audit' AND tablename = 'audit_log_v1'), 'MEMBER') AS owner`,
  );
  return rows[0];
}

/**
 * Refuses to run the audit path as anything but the restricted role. A login that could step back
 * out of it (a superuser or the tables' owner) is tolerated outside production, where it is the
 * trusted local default; in production it is reported loudly, since then the restriction guards
 * against mistakes but not against someone holding that login.
 */
export async function checkAuditSession(ds: DataSource, config: AuditDatabaseConfig, logger: Logger): Promise<AuditSession> {
  const session = await describeAuditSession(ds);
  if (session.current_user !== AUDIT_WRITER_ROLE) throw new Error(`the audit connection does not act as ${AUDIT_WRITER_ROLE}`);
  if (config.ENVIRONMENT === 'production' && (session.superuser || session.owner)) {
    logger.error(
      { session_user: session.session_user, superuser: session.superuser, owner: session.owner },
      'audit-service appends with a login that can leave the restricted role; set AUDIT_DATABASE_URL to a login that is only a member of tr4ction_audit_writer',
    );
  }
  return session;
}
