// `npm start`'s database logins, the way production's must be: each service signs in as its own
// role, owning its own schema only, and audit-service's log as the append-only writer. DATABASE_URL
// (a superuser on a development machine, or the embedded Postgres's) only creates them: passwords
// are random, made once in the git-ignored `.dev-secrets/db`, and the roles are updated to them on
// every start. Needs the build (the bootstrap lives in libs/persistence).
'use strict';

const path = require('node:path');

/**
 * Returns envFor(service) -> the service's DATABASE_URL (and AUDIT_DATABASE_URL), or undefined when
 * the DATABASE_URL login may not create roles (then the services use it as given, and say so).
 */
async function prepareDatabaseRoles(root, adminUrl) {
  require(path.join(root, 'tools', 'runtime', 'register-paths.js'));
  const persistence = require('@tr4ction/persistence');
  if (!(await persistence.canManageRoles(adminUrl))) return undefined;
  const passwords = persistence.ensureDatabasePasswords(path.join(root, persistence.DATABASE_PASSWORDS_DIR));
  await persistence.ensureDatabaseRoles(adminUrl, passwords);
  const login = (role) => persistence.withLogin(adminUrl, role, passwords[role]);
  return {
    roles: persistence.SERVICE_DATABASE_ROLES.map((r) => r.role),
    envFor: (service) => ({
      DATABASE_URL: login(persistence.databaseRoleOf(service).role),
      ...(service === 'audit-service' ? { AUDIT_DATABASE_URL: login(persistence.AUDIT_WRITER_LOGIN) } : {}),
    }),
  };
}

module.exports = { prepareDatabaseRoles };
