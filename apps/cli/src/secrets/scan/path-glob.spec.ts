import { globToRegExp, pathMatcher } from './path-glob';

describe(globToRegExp.name, () => {
  it('matches like .gitignore: names at any depth, anchored paths, ** across folders, folders cover their content', () => {
    const m = (pattern: string, path: string) => globToRegExp(pattern).test(path);
    expect(m('*.spec.ts', 'libs/a/b.spec.ts')).toBe(true);
    expect(m('*.spec.ts', 'libs/a/b.ts')).toBe(false);
    expect(m('fixtures', 'test/fixtures/keys/id_rsa')).toBe(true);
    expect(m('test/fixtures', 'other/test/fixtures/x')).toBe(false);
    expect(m('libs/**/secret?.txt', 'libs/a/b/secret1.txt')).toBe(true);
    expect(m('libs/*.txt', 'libs/a/b.txt')).toBe(false);
    expect(m('./docs/', 'docs/runbook.md')).toBe(true);
  });

  it('combines patterns', () => {
    const excluded = pathMatcher(['*.md', 'vendor']);
    expect(excluded('README.md')).toBe(true);
    expect(excluded('vendor/x.js')).toBe(true);
    expect(excluded('src/x.js')).toBe(false);
  });
});
