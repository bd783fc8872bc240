import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDevDatabase, DATA_KEYS, devDatabaseVerdict, secretsFingerprint, stampOf } from './dev-database';
import { ensureDevSecrets } from './dev-secrets';

// A second clone on the same machine once failed `npm start`: its new secrets could not decrypt the
// signing keys in the first clone's database under the same default name.
describe('the development database belongs to the secrets it was made with', () => {
  const roots = [mkdtempSync(join(tmpdir(), 'dev-db-a-')), mkdtempSync(join(tmpdir(), 'dev-db-b-'))];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const [mine, theirs] = roots.map((root) => secretsFingerprint(ensureDevSecrets(root, {}).SECRETS_FILE_DIR));

  it('fingerprints tell two clones apart and contain no key material', () => {
    expect(mine).toMatch(/^[0-9a-f]{32}$/);
    expect(mine).not.toBe(theirs);
    expect(secretsFingerprint(join(roots[0], '.dev-secrets'))).toBe(mine);
    for (const name of DATA_KEYS) {
      const key = readFileSync(join(roots[0], '.dev-secrets', name), 'utf8');
      expect(key).not.toContain(mine.slice(0, 8));
    }
  });

  it.each([
    [{ exists: false, comment: null, hasData: false, secretsWereNew: true }, 'create'],
    [{ exists: true, comment: 'MINE', hasData: true, secretsWereNew: false }, 'use'],
    [{ exists: true, comment: 'THEIRS', hasData: true, secretsWereNew: false }, 'move-aside'],
    [{ exists: true, comment: 'THEIRS', hasData: false, secretsWereNew: true }, 'move-aside'],
    [{ exists: true, comment: null, hasData: false, secretsWereNew: true }, 'stamp'],
    [{ exists: true, comment: null, hasData: true, secretsWereNew: false }, 'stamp'],
    [{ exists: true, comment: null, hasData: true, secretsWereNew: true }, 'move-aside'],
    [{ exists: true, comment: 'a comment of its own', hasData: true, secretsWereNew: false }, 'stamp'],
  ])('%j -> %s', (found, verdict) => {
    const comment = found.comment === 'MINE' ? stampOf(mine) : found.comment === 'THEIRS' ? stampOf(theirs) : found.comment;
    expect(devDatabaseVerdict({ ...found, comment, fingerprint: mine })).toBe(verdict);
  });

  /** Fake Postgres client (unit test only): answers the catalogue query, records every statement. */
  function fakeServer(found: { comment: string | null } | undefined, { renameInUse = false } = {}) {
    const statements: string[] = [];
    const client = {
      query: async (sql: string) => {
        statements.push(sql);
        if (sql.includes('FROM pg_database')) return { rowCount: found ? 1 : 0, rows: found ? [found] : [] };
        if (sql.includes('FROM pg_namespace')) return { rowCount: 1, rows: [{}] };
        if (sql.startsWith('ALTER DATABASE') && renameInUse) throw Object.assign(new Error('in use'), { code: '55006' });
        return { rowCount: 0, rows: [] };
      },
      end: async () => {},
    };
    const created: string[] = [];
    const options = {
      adminClient: client,
      connectTo: async () => client,
      createDatabase: async (name: string) => (created.push(name), true),
      database: 'tr4ction',
      fingerprint: mine,
      quoteIdentifier: (name: string) => `"${name}"`,
      now: new Date('2026-12-08T02:30:00Z'),
    };
    return { statements, created, options };
  }

  it('renames a database made with other secrets, never drops it, and stamps the new one', async () => {
    const { statements, created, options } = fakeServer({ comment: stampOf(theirs) });
    await expect(claimDevDatabase({ ...options, secretsWereNew: true })).resolves.toEqual({
      database: 'tr4ction',
      created: true,
      movedTo: 'tr4ction_other_secrets_20261208_023000',
    });
    expect(statements.join('\n')).not.toMatch(/DROP/i);
    expect(statements).toContain('ALTER DATABASE "tr4ction" RENAME TO "tr4ction_other_secrets_20261208_023000"');
    expect(created).toEqual(['tr4ction']);
    expect(statements[statements.length - 1]).toBe(`COMMENT ON DATABASE "tr4ction" IS '${stampOf(mine)}'`);
  });

  it('keeps its own database as it is', async () => {
    const { statements, created, options } = fakeServer({ comment: stampOf(mine) });
    await expect(claimDevDatabase({ ...options, secretsWereNew: false })).resolves.toEqual({ database: 'tr4ction', created: false });
    expect(statements).toHaveLength(1);
    expect(created).toEqual([]);
  });

  it('says what to do when the other clone is still connected', async () => {
    const { options } = fakeServer({ comment: stampOf(theirs) }, { renameInUse: true });
    await expect(claimDevDatabase({ ...options, secretsWereNew: false })).rejects.toThrow(/in use.*Stop the stack using it, or set DATABASE_URL/);
  });
});
