import { actorProblems, backupProblems, restoreProblems } from './operations.validation';

const sha256 = 'ab'.repeat(32);

describe(backupProblems.name, () => {
  it('accepts what `tr4ction db backup` sends', () => {
    expect(backupProblems({ database: 'tr4ction', size_bytes: 1234, sha256, file_name: 'tr4ction-tr4ction-20260101T000000Z.dump' })).toEqual([]);
  });

  it('refuses paths, URLs and anything that is not a digest or a size', () => {
    const problems = backupProblems({ database: 'postgres://u:p@h/db', size_bytes: -1, sha256: 'XYZ', file_name: '../etc/passwd' });
    expect(problems).toHaveLength(4);
    expect(backupProblems({ database: 'db', size_bytes: 1.5, sha256, file_name: 'a/b.dump' })).toHaveLength(2);
    expect(backupProblems(undefined)).toEqual(['a request body is required']);
  });
});

describe(restoreProblems.name, () => {
  it('needs a target database name, a digest and a bare file name', () => {
    expect(restoreProblems({ target_database: 'tr4ction_restore', sha256, file_name: 'x.dump' })).toEqual([]);
    expect(restoreProblems({ target_database: 'bad name', sha256, file_name: 'x.dump' })).toEqual(['target_database must be a database name']);
  });
});

describe(actorProblems.name, () => {
  it('records operator actions for the cli actor only', () => {
    expect(actorProblems({ actor: { type: 'cli', id: 'ops.alice' } })).toEqual([]);
    expect(actorProblems({ actor: { type: 'user', id: 'u1' } })).toEqual(['actor must be the cli']);
    expect(actorProblems({ actor: { type: 'cli', id: null } })).toEqual(['actor id must name the operator']);
    expect(actorProblems(undefined)).toEqual(['actor must be the cli']);
  });
});
