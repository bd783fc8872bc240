import { COMMIT_MARKER, GitDiffParser, newPath, type AddedLine } from './git-diff.parser';

const LOG = [
  `${COMMIT_MARKER}1111111111111111111111111111111111111111`,
  '',
  'diff --git a/.env b/.env',
  'new file mode 100644',
  'index 0000000..e69de29',
  '--- /dev/null',
  '+++ b/.env',
  '@@ -0,0 +1,2 @@',
  '+A=1',
  '+++ starts like a header',
  'diff --git a/src/app.ts b/src/app.ts',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -10,0 +11 @@ function x() {',
  '+const added = 1;',
  '@@ -20,2 +21,0 @@',
  '-removed',
  '-removed too',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-bye',
  'diff --git a/logo.png b/logo.png',
  'Binary files /dev/null and b/logo.png differ',
  `${COMMIT_MARKER}2222222222222222222222222222222222222222`,
  '',
  'diff --git "a/we\\"ird name" "b/we\\"ird name"',
  '--- "a/we\\"ird name"',
  '+++ "b/we\\"ird name"',
  '@@ -1 +1 @@',
  '-old',
  '+new \\303\\251',
];

describe(GitDiffParser.name, () => {
  it('reports added lines with their commit, file and new line number, and knows headers from content', () => {
    const added: AddedLine[] = [];
    const ended: string[] = [];
    const parser = new GitDiffParser(
      (a) => added.push(a),
      (commit, file) => ended.push(`${commit.slice(0, 1)}:${file}`),
    );
    LOG.forEach((l) => parser.push(l));
    parser.end();
    expect(added).toEqual([
      { commit: '1'.repeat(40), file: '.env', line: 1, text: 'A=1' },
      { commit: '1'.repeat(40), file: '.env', line: 2, text: '++ starts like a header' },
      { commit: '1'.repeat(40), file: 'src/app.ts', line: 11, text: 'const added = 1;' },
      { commit: '2'.repeat(40), file: 'we"ird name', line: 1, text: 'new \\303\\251' },
    ]);
    expect(parser.commits).toBe(2);
    expect(ended).toEqual(['1:.env', '1:src/app.ts', '2:we"ird name']);
  });
});

describe(newPath.name, () => {
  it('unquotes git C-style paths, including octal UTF-8', () => {
    expect(newPath('b/plain.txt')).toBe('plain.txt');
    expect(newPath('/dev/null')).toBeNull();
    expect(newPath('"b/caf\\303\\251.env"')).toBe('café.env');
    expect(newPath('"b/tab\\there"')).toBe('tab\there');
  });
});
