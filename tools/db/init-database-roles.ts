/**
 * Compose's `db-init` step: with the administrator's login, creates the database, one role per
 * service owning its own schema and the audit writer (libs/persistence), with random passwords made
 * once in `<secrets>/db/` (kept across restarts), then writes each service's connection URL into
 * `<secrets>/database_url.<service>` (and audit-service's writer into `audit_database_url`), which the
 * entrypoint loads from DATABASE_URL_FILE / AUDIT_DATABASE_URL_FILE. Prints names, never a value.
 *   node -r ./tools/runtime/register-paths.js dist/tools/db/init-database-roles.js \
 *     --admin-url postgres://postgres@postgres:5432/tr4ction --admin-password-file /run/secrets/postgres_password \
 *     --secrets /run/secrets --service-url postgres://postgres:5432/tr4ction [--pgbouncer-userlist <file>]
 * With --pgbouncer-userlist it also writes PgBouncer's auth file: every login with its password.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_WRITER_LOGIN, ensureDatabase, ensureDatabasePasswords, ensureDatabaseRoles, SERVICE_DATABASE_ROLES, withLogin } from '@tr4ction/persistence';

/** Readable by the services' user (uid 1000), like the other files of the secrets volume. */
function writeSecret(file: string, value: string): void {
  writeFileSync(`${file}.tmp`, value, { mode: 0o444 });
  renameSync(`${file}.tmp`, file);
}

async function waitForDatabase(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureDatabase(url);
      return;
    } catch (err) {
      if (attempt >= 30) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'admin-url': { type: 'string' },
      'admin-password-file': { type: 'string' },
      secrets: { type: 'string' },
      'service-url': { type: 'string' },
      'pgbouncer-userlist': { type: 'string' },
    },
  });
  if (!values['admin-url'] || !values.secrets)
    throw new Error('usage: init-database-roles --admin-url <url> [--admin-password-file f] --secrets <folder> [--service-url <url services use>]');
  const admin = new URL(values['admin-url']);
  if (values['admin-password-file']) admin.password = encodeURIComponent(readFileSync(values['admin-password-file'], 'utf8').trim());
  const adminUrl = admin.toString();
  await waitForDatabase(adminUrl);
  const passwords = ensureDatabasePasswords(join(values.secrets, 'db'));
  await ensureDatabaseRoles(adminUrl, passwords);
  const database = admin.pathname.slice(1);
  const serviceUrl = values['service-url'] ?? values['admin-url'];
  for (const { service, role } of SERVICE_DATABASE_ROLES) {
    writeSecret(join(values.secrets, `database_url.${service}`), withLogin(serviceUrl, role, passwords[role], database));
    console.log(`init-database-roles: ${service} signs in as ${role}`);
  }
  writeSecret(join(values.secrets, 'audit_database_url'), withLogin(serviceUrl, AUDIT_WRITER_LOGIN, passwords[AUDIT_WRITER_LOGIN], database));
  console.log(`init-database-roles: audit-service's log signs in as ${AUDIT_WRITER_LOGIN}`);
  if (values['pgbouncer-userlist']) {
    // PgBouncer checks each client against this file and logs in to Postgres with the same password.
    const users = { ...(admin.username ? { [decodeURIComponent(admin.username)]: decodeURIComponent(admin.password) } : {}), ...passwords };
    writeSecret(
      values['pgbouncer-userlist'],
      Object.entries(users)
        .filter(([, p]) => p)
        .map(([u, p]) => `"${u}" "${p.replace(/"/g, '""')}"`)
        .join('\n') + '\n',
    );
    console.log(`init-database-roles: PgBouncer auth file lists ${Object.keys(users).length} logins`);
  }
}

main().catch((err: unknown) => {
  console.error(`init-database-roles: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
