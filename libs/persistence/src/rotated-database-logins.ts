import { AUDIT_WRITER_LOGIN, SERVICE_DATABASE_ROLES } from './database-roles';

/**
 * Every login whose password rotation-service rotates, and the name its password has in the secrets
 * store (`DATABASE_PASSWORD_<OWNER>`): each service's own login, and audit-service's append-only
 * writer (used as a login of its own only when AUDIT_DATABASE_URL is set).
 */
export const ROTATED_DATABASE_LOGINS: ReadonlyArray<{ owner: string; role: string }> = [
  ...SERVICE_DATABASE_ROLES.map(({ service, role }) => ({ owner: service, role })),
  { owner: 'audit-writer', role: AUDIT_WRITER_LOGIN },
];
