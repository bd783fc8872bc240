/**
 * The database logins a test stack's services use, as `npm start` and compose give them: each
 * service its own role owning its schema, audit-service's log through the append-only writer. Roles
 * belong to the whole Postgres cluster, so every test run shares them (and their passwords, from the
 * clone's git-ignored `.dev-secrets/db`); each test database gets its own schemas and grants.
 */
import { resolve } from 'node:path';
import { AUDIT_WRITER_LOGIN, DATABASE_PASSWORDS_DIR, databaseRoleOf, ensureDatabasePasswords, ensureDatabaseRoles, withLogin } from '@tr4ction/persistence';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface TestDatabaseRoles {
  /** Every login with its password (e.g. for a PgBouncer auth file). */
  passwords: Record<string, string>;
  /** `adminUrl` with the service's own login. */
  urlFor(service: string): string;
  /** `adminUrl` with the audit writer's login. */
  auditWriterUrl: string;
}

/** The passwords only: a suite that needs them before a database exists (a PgBouncer auth file). */
export function testDatabasePasswords(): Record<string, string> {
  return ensureDatabasePasswords(resolve(ROOT, DATABASE_PASSWORDS_DIR));
}

/** Creates or updates the roles and hands the database of `adminUrl` (an administrator's) to them. */
export async function prepareTestDatabaseRoles(adminUrl: string): Promise<TestDatabaseRoles> {
  const passwords = testDatabasePasswords();
  await ensureDatabaseRoles(adminUrl, passwords);
  const urlFor = (service: string) => {
    const { role } = databaseRoleOf(service);
    return withLogin(adminUrl, role, passwords[role]);
  };
  return { passwords, urlFor, auditWriterUrl: withLogin(adminUrl, AUDIT_WRITER_LOGIN, passwords[AUDIT_WRITER_LOGIN]) };
}
