/**
 * One TypeORM data source per service, scoped to the Postgres schema that service owns.
 * Queries are plain SQL through repositories; TypeORM brings pooling, transactions and migrations.
 */
import * as pg from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { withPreparedWrites } from './prepared-writes';
import { pgWithRotatingPassword, type RotatingPassword } from './rotating-password';

export interface ServiceDataSourceOptions {
  url: string;
  schema: string;
  service: string;
  migrations: Array<new () => MigrationInterface>;
  poolSize?: number;
  /**
   * Every connection acts as this role from its first statement (the `role` setting in the startup
   * packet, like `SET ROLE`): a service can hold a narrower set of privileges than its login has.
   * The login must be the role itself, a member of it, or a superuser.
   */
  sessionRole?: string;
  /**
   * The login's password from the secrets store instead of the one in `url`, asked for at each new
   * connection so a rotated password is picked up without a restart or a failed connection.
   */
  password?: RotatingPassword;
  /** Named INSERT/UPDATE/DELETE statements (prepared-writes.ts; DATABASE_PREPARED_STATEMENTS). */
  preparedWrites?: boolean;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (options.sessionRole !== undefined && !ROLE_NAME.test(options.sessionRole)) throw new RangeError('sessionRole must be a plain lower-case role name');
  const rotating = options.password ? pgWithRotatingPassword(options.password) : undefined;
  const driver = options.preparedWrites ? withPreparedWrites(rotating ?? pg) : rotating;
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    applicationName: options.service,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    ...(driver ? { driver } : {}),
    // No session settings at connect (no startup parameters, no SET): behind PgBouncer in
    // transaction mode a session's settings would stick to whichever server connection ran them,
    // and PgBouncer refuses unknown startup parameters. Timeouts are client-side here; the server's
    // idle_in_transaction_session_timeout belongs to the database or role (see docs/deploy.md).
    extra: {
      // Fail fast instead of hanging when Postgres is down: the gateway answers 503.
      connectionTimeoutMillis: 3000,
      query_timeout: 15000,
      keepAlive: true,
      ...(options.sessionRole ? { options: `-c role=${options.sessionRole}` } : {}),
    },
  });
}
