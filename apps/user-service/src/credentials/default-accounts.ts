/**
 * The runbook's default accounts (admin123 / demo123), tested against user-service's own tables:
 * at start in production (it refuses to start while any still accepts its default password) and
 * for `tr4ction doctor` over the bus (`rpc.user.default-accounts`), which never reads these tables itself.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DefaultAccountsReport } from '@tr4ction/contracts';
import { DATA_SOURCE } from '@tr4ction/platform';
import { DEFAULT_ACCOUNTS } from '@tr4ction/security';
import { PasswordService } from '../users/password.service';

/** What can check a password against a stored hash (the service's PasswordService, or a hasher at preflight). */
interface PasswordVerifier {
  verify(hash: string, password: string): Promise<boolean>;
}

/** Emails of accounts whose current password is still a known default. */
export async function accountsWithDefaultPasswords(db: DataSource, passwords: PasswordVerifier): Promise<string[]> {
  const found: string[] = [];
  for (const account of DEFAULT_ACCOUNTS) {
    const rows: Array<{ password_hash: string }> = await db.query(
      `SELECT c.password_hash FROM users.users_v1 u JOIN users.credentials c ON c.user_id = u.id WHERE u.email_normalized = $1`,
      [account.email],
    );
    if (rows[0] && (await passwords.verify(rows[0].password_hash, account.password))) found.push(account.email);
  }
  return found;
}

@Injectable()
export class DefaultAccountsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
  ) {}

  async report(): Promise<DefaultAccountsReport> {
    return { still_default: await accountsWithDefaultPasswords(this.dataSource, this.passwords) };
  }
}
