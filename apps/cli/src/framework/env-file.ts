/**
 * A small `.env` reader for `--env-file`: `KEY=value` lines, optional `export ` prefix, `#`
 * comments, single or double quotes (double quotes understand \n, \t, \" and \\). No variable
 * expansion and no command substitution: the file is data, never executed.
 */
export interface EnvFileProblem {
  line: number;
  message: string;
}

export interface ParsedEnvFile {
  values: Record<string, string>;
  problems: EnvFileProblem[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseEnvFile(text: string): ParsedEnvFile {
  const values: Record<string, string> = {};
  const problems: EnvFileProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trimStart() : line;
    const eq = body.indexOf('=');
    if (eq < 1) {
      problems.push({ line: index + 1, message: 'expected KEY=value' });
      return;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      // The key is not echoed whole: a malformed line may be a pasted secret.
      problems.push({ line: index + 1, message: 'invalid variable name' });
      return;
    }
    const value = parseValue(body.slice(eq + 1).trim());
    if (value === undefined) {
      problems.push({ line: index + 1, message: `unterminated quote in the value of ${key}` });
      return;
    }
    values[key] = value;
  });
  return { values, problems };
}

function parseValue(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = closingQuote(rest, quote);
    if (end < 0) return undefined;
    const inner = rest.slice(1, end);
    return quote === "'" ? inner : inner.replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
  }
  // Unquoted: a ` #` starts a comment, as in shells; a `#` inside a value (a URL fragment) stays.
  const comment = rest.search(/\s#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}
