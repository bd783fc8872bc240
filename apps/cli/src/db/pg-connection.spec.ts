import { CliError } from '../framework/cli-error';
import { backupFileName, backupStamp } from './database-backup';
import { checksumLine, parseChecksumFile } from './file-digest';
import { pgTarget, withDatabaseName } from './pg-connection';

describe(pgTarget.name, () => {
  it('moves the password out of the connection string into PGPASSWORD', () => {
    const t = pgTarget('postgres://app:p%40ss@db.internal:5432/tr4ction?sslmode=require');
    expect(t.dbname).toBe('postgres://app@db.internal:5432/tr4ction?sslmode=require');
    expect(t.env).toEqual({ PGPASSWORD: 'p@ss' });
    expect(t.database).toBe('tr4ction');
  });

  it('takes a password given as a query parameter too, and needs a database name', () => {
    expect(pgTarget('postgresql://app@h/db?password=x').env).toEqual({ PGPASSWORD: 'x' });
    expect(pgTarget('postgres://h/db').env).toEqual({});
    expect(() => pgTarget('postgres://h/')).toThrow(CliError);
    expect(() => pgTarget('mysql://h/db')).toThrow(CliError);
  });

  it('points at another database on the same server', () => {
    expect(withDatabaseName('postgres://u:p@h:5432/tr4ction', 'tr4ction_restore')).toBe('postgres://u:p@h:5432/tr4ction_restore');
    expect(() => withDatabaseName('postgres://h/db', 'x"; DROP')).toThrow(CliError);
  });
});

describe('backup files', () => {
  it('are named by database and UTC time, sortable, without characters that need quoting', () => {
    const now = new Date('2026-01-31T02:03:04.567Z');
    expect(backupStamp(now)).toBe('20260131T020304Z');
    expect(backupFileName('tr4ction', now)).toBe('tr4ction-tr4ction-20260131T020304Z.dump');
  });

  it('carry a sha256sum-compatible checksum file', () => {
    const line = checksumLine('ab'.repeat(32), 'x.dump');
    expect(line).toBe(`${'ab'.repeat(32)}  x.dump\n`);
    expect(parseChecksumFile(line)).toBe('ab'.repeat(32));
    expect(parseChecksumFile('garbage')).toBeUndefined();
  });
});
