/**
 * Development and test passwords of the database logins: random, created once per login in a
 * git-ignored secrets folder (`.dev-secrets/db`), then reused, like the bus credentials. A file is
 * written under a temporary name and linked into place, so processes racing to create it (parallel
 * test workers) all end up reading the one that won, never a half-written one.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_LOGINS } from './database-roles';

export const DATABASE_PASSWORDS_DIR = join('.dev-secrets', 'db');

export function ensureDatabasePasswords(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passwords: Record<string, string> = {};
  for (const login of DATABASE_LOGINS) {
    const file = join(dir, login);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, randomBytes(24).toString('hex'), { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(temp);
    }
    passwords[login] = readFileSync(file, 'utf8').trim();
  }
  return passwords;
}
