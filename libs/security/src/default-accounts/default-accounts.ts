/**
 * The runbook's default accounts. In development user-service seeds them with a forced change at
 * first login; in production it never creates them and refuses to start while any account still
 * accepts one of these passwords, and `tr4ction doctor` fails its check on the same test.
 */
import type { PasswordHasher } from '../password-hasher/password.hasher';

export const DEFAULT_ACCOUNTS = [
  { email: 'admin@tr4ction.com', password: 'admin123', roles: ['admin'] },
  { email: 'demo@tr4ction.com', password: 'demo123', roles: ['founder'] },
];

/** Anything that runs SQL and returns rows: a TypeORM DataSource, or a wrapped pg client. */
export interface SqlQueryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** Emails of accounts whose current password is still a known default. */
export async function accountsWithDefaultPasswords(db: SqlQueryable, hasher: PasswordHasher): Promise<string[]> {
  const found: string[] = [];
  for (const account of DEFAULT_ACCOUNTS) {
    const rows = await db.query<Array<{ password_hash: string }>>(
      `SELECT c.password_hash FROM users.users_v1 u JOIN users.credentials c ON c.user_id = u.id WHERE u.email_normalized = $1`,
      [account.email],
    );
    if (rows[0] && (await hasher.verify(rows[0].password_hash, account.password))) found.push(account.email);
  }
  return found;
}
