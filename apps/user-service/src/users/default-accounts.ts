/**
 * The runbook's default accounts. In development they are seeded with a forced change at first
 * login; in production they are never created, and the service refuses to start while any
 * account still accepts one of these passwords.
 */
import type { DataSource } from 'typeorm';
import { type PasswordHasher } from '@tr4ction/security';

export const DEFAULT_ACCOUNTS = [
  { email: 'admin@tr4ction.com', password: 'admin123', roles: ['admin'] },
  { email: 'demo@tr4ction.com', password: 'demo123', roles: ['founder'] },
];

/** Emails of accounts whose current password is still a known default. */
export async function accountsWithDefaultPasswords(dataSource: DataSource, hasher: PasswordHasher): Promise<string[]> {
  const found: string[] = [];
  for (const account of DEFAULT_ACCOUNTS) {
    const rows: Array<{ password_hash: string }> = await dataSource.query(
      `SELECT c.password_hash FROM users.users_v1 u JOIN users.credentials c ON c.user_id = u.id WHERE u.email_normalized = $1`,
      [account.email],
    );
    if (rows[0] && (await hasher.verify(rows[0].password_hash, account.password))) found.push(account.email);
  }
  return found;
}
