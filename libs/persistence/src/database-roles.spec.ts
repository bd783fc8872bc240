import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabasePasswords } from './database-passwords';
import { AUDIT_WRITER_LOGIN, DATABASE_LOGINS, databaseLoginProblems, databaseRoleOf, SERVICE_DATABASE_ROLES, withLogin } from './database-roles';

describe('database roles', () => {
  it('gives every service its own login and schema, and the audit writer a login of its own', () => {
    expect(new Set(SERVICE_DATABASE_ROLES.map((r) => r.role)).size).toBe(SERVICE_DATABASE_ROLES.length);
    expect(new Set(SERVICE_DATABASE_ROLES.map((r) => r.schema)).size).toBe(SERVICE_DATABASE_ROLES.length);
    expect(DATABASE_LOGINS).toContain(AUDIT_WRITER_LOGIN);
    expect(databaseRoleOf('audit-service')).toEqual({ service: 'audit-service', role: 'tr4ction_audit', schema: 'audit' });
    expect(() => databaseRoleOf('cli')).toThrow(RangeError);
  });

  it('puts a login into a URL, encoding its password', () => {
    const url = withLogin('postgres://postgres@127.0.0.1:5432/tr4ction', 'tr4ction_auth', 'p@ss/word');
    expect(new URL(url).username).toBe('tr4ction_auth');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss/word');
    expect(new URL(url).pathname).toBe('/tr4ction');
  });

  describe(databaseLoginProblems.name, () => {
    const login = { login: 'svc', superuser: false, createrole: false, bypassrls: false };

    it('accepts a plain login', () => {
      expect(databaseLoginProblems(login)).toEqual([]);
    });

    it('names the variable, the login and its powers', () => {
      expect(databaseLoginProblems({ ...login, login: 'postgres', superuser: true, bypassrls: true }, 'AUDIT_DATABASE_URL')).toEqual([
        'AUDIT_DATABASE_URL logs in as postgres, which has SUPERUSER, BYPASSRLS: give this service its own role (see docs/security.md, "Database roles")',
      ]);
      expect(databaseLoginProblems({ ...login, createrole: true })[0]).toMatch(/^DATABASE_URL logs in as svc, which has CREATEROLE/);
    });
  });

  describe(ensureDatabasePasswords.name, () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tr4ction-db-passwords-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates one private random password per login once, then reuses them', () => {
      const first = ensureDatabasePasswords(dir);
      expect(Object.keys(first).sort()).toEqual([...DATABASE_LOGINS].sort());
      expect(new Set(Object.values(first)).size).toBe(DATABASE_LOGINS.length);
      for (const p of Object.values(first)) expect(p).toMatch(/^[0-9a-f]{48}$/);
      expect(ensureDatabasePasswords(dir)).toEqual(first);
      // Nothing left behind but the files themselves, readable by their owner only.
      expect(readdirSync(dir).sort()).toEqual([...DATABASE_LOGINS].sort());
      expect(statSync(join(dir, AUDIT_WRITER_LOGIN)).mode & 0o077).toBe(0);
    });
  });
});
