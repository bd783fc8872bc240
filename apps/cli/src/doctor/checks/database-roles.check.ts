/**
 * Least privilege in Postgres: each service has its own login, which is no superuser (nor may
 * create roles or bypass row security), owns its own schema and may not reach any other; the audit
 * writer may read and append to the audit log but has no UPDATE, DELETE or TRUNCATE on it; and no
 * service is connected right now as a superuser. Asked of the catalog through DATABASE_URL.
 */
import type { Client } from 'pg';
import { AUDIT_WRITER_LOGIN, SERVICE_DATABASE_ROLES } from '@tr4ction/persistence';
import { fail, pass, type DoctorCheck } from '../doctor-check';

const AUDIT_TABLES = ['audit.audit_log_v1', 'audit.audit_checkpoints_v1'];

interface RoleRow {
  rolname: string;
  rolcanlogin: boolean;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolbypassrls: boolean;
}

async function roleProblems(db: Client): Promise<string[]> {
  const logins = [...SERVICE_DATABASE_ROLES.map((r) => r.role), AUDIT_WRITER_LOGIN];
  const { rows } = await db.query<RoleRow>('SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = ANY($1)', [
    logins,
  ]);
  const problems: string[] = [];
  for (const login of logins) {
    const role = rows.find((r) => r.rolname === login);
    if (!role) problems.push(`role ${login} is missing`);
    else if (role.rolsuper || role.rolcreaterole || role.rolbypassrls) problems.push(`role ${login} has SUPERUSER, CREATEROLE or BYPASSRLS`);
  }
  return problems;
}

async function schemaProblems(db: Client): Promise<string[]> {
  const problems: string[] = [];
  const owners = await db.query<{ nspname: string; owner: string }>(
    'SELECT nspname, pg_get_userbyid(nspowner)::text AS owner FROM pg_namespace WHERE nspname = ANY($1)',
    [SERVICE_DATABASE_ROLES.map((r) => r.schema)],
  );
  for (const { role, schema } of SERVICE_DATABASE_ROLES) {
    const found = owners.rows.find((o) => o.nspname === schema);
    if (!found) problems.push(`schema ${schema} is missing`);
    else if (found.owner !== role) problems.push(`schema ${schema} belongs to ${found.owner}, not ${role}`);
  }
  const reach = await db.query<{ role: string; schema: string }>(
    `SELECT r.role, n.nspname AS schema FROM unnest($1::text[], $2::text[]) AS r(role, own)
       JOIN pg_namespace n ON n.nspname = ANY($2) AND n.nspname <> r.own
      WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.role) AND has_schema_privilege(r.role, n.oid, 'USAGE')`,
    [SERVICE_DATABASE_ROLES.map((r) => r.role), SERVICE_DATABASE_ROLES.map((r) => r.schema)],
  );
  for (const r of reach.rows) problems.push(`${r.role} may use schema ${r.schema}`);
  return problems;
}

async function auditWriterProblems(db: Client): Promise<string[]> {
  const problems: string[] = [];
  const exists = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [AUDIT_WRITER_LOGIN]);
  if (!exists.rowCount) return problems; // reported with the roles
  for (const table of AUDIT_TABLES) {
    const r = await db.query<{ present: boolean; can_read: boolean; can_append: boolean; can_change: boolean }>(
      `SELECT to_regclass($2) IS NOT NULL AS present,
              to_regclass($2) IS NOT NULL AND has_table_privilege($1, $2, 'SELECT') AS can_read,
              to_regclass($2) IS NOT NULL AND has_table_privilege($1, $2, 'INSERT') AS can_append,
              to_regclass($2) IS NOT NULL AND has_table_privilege($1, $2, 'UPDATE, DELETE, TRUNCATE') AS can_change`,
      [AUDIT_WRITER_LOGIN, table],
    );
    const row = r.rows[0];
    if (!row.present) problems.push(`${table} is missing`);
    else if (row.can_change) problems.push(`${AUDIT_WRITER_LOGIN} may UPDATE, DELETE or TRUNCATE ${table}`);
    else if (!row.can_read || !row.can_append) problems.push(`${AUDIT_WRITER_LOGIN} may not read and append to ${table}`);
  }
  return problems;
}

/** Service connections open now whose login is a superuser (application_name is the service's). */
async function superuserConnections(db: Client): Promise<string[]> {
  const r = await db.query<{ app: string; login: string }>(
    `SELECT DISTINCT a.application_name AS app, a.usename::text AS login FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
      WHERE a.datname = current_database() AND r.rolsuper AND (a.application_name = ANY($1) OR a.application_name = 'api-gateway-rate-limit')`,
    [SERVICE_DATABASE_ROLES.map((r) => r.service)],
  );
  return r.rows.map((row) => `${row.app} is connected as superuser ${row.login}`);
}

export const databaseRolesCheck: DoctorCheck = {
  id: 'database-roles',
  title: 'each service has its own database role (no superuser, its own schema only); the audit writer cannot UPDATE or DELETE audit rows',
  async run(ctx) {
    const db = await ctx.db();
    const problems = [...(await roleProblems(db)), ...(await schemaProblems(db)), ...(await auditWriterProblems(db)), ...(await superuserConnections(db))];
    if (problems.length) {
      return fail(
        problems.join('; '),
        'run the roles bootstrap with an administrator login (npm start and compose do), give each service its own DATABASE_URL (docs/security.md, "Database roles")',
      );
    }
    return pass(
      `${SERVICE_DATABASE_ROLES.length} service roles, each owning only its schema; ${AUDIT_WRITER_LOGIN} may only read and append; no service connected as a superuser`,
    );
  },
};
