import { accountsWithDefaultPasswords, PasswordHasher, type SqlQueryable } from '@tr4ction/security';
import { fail, pass, type DoctorCheck } from '../doctor-check';

/** The runbook's admin123 / demo123 accounts, tested the way user-service's production guard tests them. */
export const defaultAccountsCheck: DoctorCheck = {
  id: 'default-accounts',
  title: 'default accounts (admin@tr4ction.com, demo@tr4ction.com) no longer accept their default passwords',
  async run(ctx) {
    const client = await ctx.db();
    const db: SqlQueryable = { query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T };
    const exists = await client.query<{ found: string | null }>(`SELECT to_regclass('users.credentials')::text AS found`);
    if (!exists.rows[0]?.found) return fail('no users schema in DATABASE_URL', 'point DATABASE_URL at the platform database (the services migrate it at start)');
    const stillDefault = await accountsWithDefaultPasswords(db, new PasswordHasher({ maxConcurrent: 1 }));
    if (!stillDefault.length) return pass('no account accepts a default password');
    return fail(`${stillDefault.join(', ')} still accept${stillDefault.length === 1 ? 's' : ''} the default password`, 'sign in as each and change the password now (POST /auth/change-password; the first login forces it)');
  },
};
