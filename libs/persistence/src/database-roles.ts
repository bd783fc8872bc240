/**
 * Least privilege in Postgres: one LOGIN role per service, owning its own schema and nothing else,
 * plus the audit log's append-only login. A service migrates its own schema at start (as its role,
 * so it needs no rights elsewhere) and a query on another service's schema is refused by Postgres
 * itself. The roles are created and the schemas handed to them by a bootstrap step run with an
 * administrator's connection (`npm start`, the test stacks, compose's init job): idempotent, and
 * safe to run from several processes at once (roles belong to the cluster, grants to one database).
 */
import { Client } from 'pg';

export interface DatabaseRole {
  /** The process that logs in as it. */
  service: string;
  role: string;
  /** The schema it owns (empty for the audit writer, which owns nothing). */
  schema: string;
}

/** The audit log's writer: SELECT and INSERT on the audit tables only (granted by audit-service's migrations). */
export const AUDIT_WRITER_LOGIN = 'tr4ction_audit_writer';

/** One row per service: its login and the schema it owns. Kept equal to the apps' schema names by a unit spec. */
export const SERVICE_DATABASE_ROLES: readonly DatabaseRole[] = [
  { service: 'api-gateway', role: 'tr4ction_gateway', schema: 'gateway' },
  { service: 'auth-service', role: 'tr4ction_auth', schema: 'auth' },
  { service: 'user-service', role: 'tr4ction_user', schema: 'users' },
  { service: 'audit-service', role: 'tr4ction_audit', schema: 'audit' },
  { service: 'rotation-service', role: 'tr4ction_rotation', schema: 'rotation' },
];

/** Every login the bootstrap manages (the services' and the audit writer's). */
export const DATABASE_LOGINS: readonly string[] = [...SERVICE_DATABASE_ROLES.map((r) => r.role), AUDIT_WRITER_LOGIN];

export function databaseRoleOf(service: string): DatabaseRole {
  const found = SERVICE_DATABASE_ROLES.find((r) => r.service === service);
  if (!found) throw new RangeError(`no database role for ${service}`);
  return found;
}

/** `url` with another login (and password) and, optionally, another database. */
export function withLogin(url: string, login: string, password: string | undefined, database?: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(login);
  u.password = password ? encodeURIComponent(password) : '';
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError('role and schema names must be plain lower-case identifiers');
  return `"${name}"`;
}

/** What the bootstrap may do with the connection it is given. */
export async function canManageRoles(adminUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const r = await client.query<{ ok: boolean }>('SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = session_user');
    return r.rows[0]?.ok === true;
  } finally {
    await client.end();
  }
}

/**
 * Creates (or updates) the logins with these passwords and hands each service its schema in the
 * database named in `adminUrl`. Role changes run in the `postgres` database under an advisory lock
 * there (advisory locks are per database; concurrent ALTER ROLE on one role fails with "tuple
 * concurrently updated"). Logins never get SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS.
 */
export async function ensureDatabaseRoles(adminUrl: string, passwords: Readonly<Record<string, string>>): Promise<void> {
  for (const login of DATABASE_LOGINS) if (!passwords[login]) throw new Error(`no password for database login ${login}`);
  const server = new Client({ connectionString: withDatabaseName(adminUrl, 'postgres'), connectionTimeoutMillis: 5000 });
  await server.connect();
  try {
    await server.query('BEGIN');
    await server.query("SELECT pg_advisory_xact_lock(hashtext('tr4ction-database-roles'))");
    for (const login of DATABASE_LOGINS) {
      const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${literal(passwords[login])}`;
      const exists = await server.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login]);
      await server.query(`${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(login)} WITH ${attrs}`);
    }
    // The audit-service owner may act as the writer (the fallback when AUDIT_DATABASE_URL is unset).
    await server.query(`GRANT ${ident(AUDIT_WRITER_LOGIN)} TO ${ident(databaseRoleOf('audit-service').role)}`);
    await server.query('COMMIT');
  } catch (err) {
    await server.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await server.end();
  }
  await grantSchemas(adminUrl);
}

function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Each schema belongs to its service's role, with everything in it (a database migrated before the
 * roles existed belongs to the administrator: its objects change hands here). Nobody else may create
 * in `public` (the default before Postgres 15).
 */
async function grantSchemas(adminUrl: string): Promise<void> {
  const db = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query("SELECT pg_advisory_xact_lock(hashtext('tr4ction-database-grants'))");
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    for (const { role, schema } of SERVICE_DATABASE_ROLES) {
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)} AUTHORIZATION ${ident(role)}`);
      await db.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)}`);
      await db.query(`REVOKE ALL ON SCHEMA ${ident(schema)} FROM PUBLIC`);
      await db.query(
        `DO $$
         DECLARE o record;
         BEGIN
           FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ${literal(schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> ${literal(role)}
                      -- a sequence owned by a table changes hands with it
                      AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
           LOOP
             EXECUTE format('ALTER %s %I.%I OWNER TO %I', CASE o.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, ${literal(schema)}, o.relname, ${literal(role)});
           END LOOP;
           FOR o IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = ${literal(schema)} AND pg_get_userbyid(p.proowner) <> ${literal(role)}
           LOOP
             EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.fn, ${literal(role)});
           END LOOP;
         END $$`,
      );
    }
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
}

export interface DatabaseLogin {
  login: string;
  superuser: boolean;
  createrole: boolean;
  bypassrls: boolean;
}

/** Anything that runs SQL and returns rows (a TypeORM DataSource, a pg Pool). */
export interface RowQueryable {
  query(sql: string): Promise<unknown>;
}

/** The login behind a connection (session_user: a superuser that SET ROLE to something smaller can always step back). */
export async function describeDatabaseLogin(db: RowQueryable): Promise<DatabaseLogin> {
  const result = await db.query(
    'SELECT session_user::text AS login, rolsuper AS superuser, rolcreaterole AS createrole, rolbypassrls AS bypassrls FROM pg_roles WHERE rolname = session_user',
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: DatabaseLogin[] }).rows) as DatabaseLogin[];
  return rows[0];
}

/** Why a production service must not run on this login (empty when it may). Names the login, never its password. */
export function databaseLoginProblems(login: DatabaseLogin, variable = 'DATABASE_URL'): string[] {
  const powers = [login.superuser && 'SUPERUSER', login.createrole && 'CREATEROLE', login.bypassrls && 'BYPASSRLS'].filter(Boolean);
  if (!powers.length) return [];
  return [`${variable} logs in as ${login.login}, which has ${powers.join(', ')}: give this service its own role (see docs/security.md, "Database roles")`];
}
