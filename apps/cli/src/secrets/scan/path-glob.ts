/**
 * `--exclude` patterns, gitignore-like: `*` and `?` stay inside one folder, `**` spans folders, a
 * pattern without a slash matches a name at any depth, and a folder's match covers what is inside.
 */
export function globToRegExp(pattern: string): RegExp {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const anchored = trimmed.includes('/');
  let re = '';
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === '*' && trimmed[i + 1] === '*') {
      i++;
      if (trimmed[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${re.replace(/^\//, '')}(?:/.*)?$`);
}

export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const res = patterns.map(globToRegExp);
  return (path) => res.some((re) => re.test(path));
}
