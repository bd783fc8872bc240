/**
 * The detectors that look at one line of text, in priority order: where two match the same text
 * the earlier, more specific one is reported. Each returns offsets and a masked preview, never the
 * value. A line carrying `secrets-scan:allow` is skipped (for documented test fixtures).
 */
import { shannonEntropy } from './entropy';
import type { LineMatch, ScanRule } from './finding.types';
import { maskSecret } from './secret-mask';

export const ALLOW_PRAGMA = 'secrets-scan:allow';

/** In code, an unquoted value is an identifier (`jwtSecret = secret`), not a literal. */
const CODE_EXTENSIONS = /\.(ts|tsx|js|jsx|mjs|cjs|py|go|java|kt|kts|scala|rb|php|cs|rs|swift|c|cc|cpp|h|hpp|m|dart|lua|ex|exs)$/i;

export interface LineContext {
  /** Path of the file (relative), for file-type specific rules. */
  file: string;
}

interface Detector {
  rule: ScanRule;
  detect(line: string, context: LineContext): LineMatch[];
}

function match(rule: ScanRule, description: string, start: number, value: string, preview = maskSecret(value)): LineMatch {
  return { rule, description, start, end: start + value.length, preview };
}

const PRIVATE_KEY = /-----BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/g;
const AWS_ACCESS_KEY = /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16})(?![A-Z0-9])/g;
const AWS_SECRET_KEY =
  /(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key)["']?\s*(?:=|:(?!:)|=>)\s*["'`]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
const JWT_TOKEN = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g;
const JWT_SECRET =
  /(?<![a-z0-9])(jwt[_.-]?secret(?:[_.-]?key)?|jwt[_.-]?signing[_.-]?key|secret[_.-]?key|token[_.-]?secret)(?![a-z0-9])["']?\s*(?:=|:(?!:)|=>)\s*(["'`]?)([^\s"'`,;]*)/gi;
/** Words around a value that say it is a credential. */
const SECRET_HINT =
  /(secret|token|passw(?:or)?d|passwd|pwd|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|credential|auth|signing|salt|client[_.-]?secret|bearer)/i;
/** Base64 has `=` only as trailing padding, so `KEY=value` splits into two candidates. */
const CANDIDATE = /(?<![A-Za-z0-9+/_-])([A-Za-z0-9+/_-]{20,}={0,2})(?![A-Za-z0-9+/=_-])/g;

const NOT_A_VALUE = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'undefined',
  'none',
  'nil',
  'true',
  'false',
  'str',
  'bytes',
  'any',
  'unknown',
  'required',
  'optional',
  'secret',
  'env',
]);

/** Placeholders and references are not secrets: `${JWT_SECRET}`, `<new-value>`, `xxxx`, `your-secret-here`. */
export function isPlaceholder(value: string, keyName = ''): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  if (/^[$<{%([@]/.test(v) || /[()]/.test(v)) return true;
  if (/process\.env|os\.environ|getenv|secretsmanager|ssm:/i.test(v)) return true;
  if (/^(x+|\*+|\.{3,}|…+|-+|_+)$/i.test(v)) return true;
  if (/^(your|my|some|example|sample|replace|change[_-]?me[_-]?here|todo|tbd|fixme|placeholder|dummy|fake|test[_-]?secret)/i.test(v) && !/\d{4,}/.test(v))
    return true;
  const bare = v.replace(/^["'`]|["'`]$/g, '');
  if (keyName && bare.toLowerCase() === keyName.toLowerCase()) return true;
  return NOT_A_VALUE.has(bare.toLowerCase());
}

const privateKey: Detector = {
  rule: 'private-key',
  detect(line) {
    return [...line.matchAll(PRIVATE_KEY)].map((m) => match('private-key', `${m[1] ? `${m[1].trim()} ` : ''}private key`, m.index, m[0], m[0]));
  },
};

const awsAccessKey: Detector = {
  rule: 'aws-access-key',
  detect(line) {
    return [...line.matchAll(AWS_ACCESS_KEY)]
      .filter((m) => !m[1].endsWith('EXAMPLE')) // AWS's documentation keys
      .map((m) => match('aws-access-key', 'AWS access key id', m.index, m[1]));
  },
};

const awsSecretKey: Detector = {
  rule: 'aws-secret-key',
  detect(line) {
    return [...line.matchAll(AWS_SECRET_KEY)]
      .filter((m) => !/EXAMPLE/.test(m[1]))
      .map((m) => match('aws-secret-key', 'AWS secret access key', m.index + m[0].length - m[1].length, m[1]));
  },
};

const jwtToken: Detector = {
  rule: 'jwt-token',
  detect(line) {
    return [...line.matchAll(JWT_TOKEN)].map((m) => match('jwt-token', 'JSON Web Token (a bearer credential)', m.index, m[0]));
  },
};

const jwtSecret: Detector = {
  rule: 'jwt-secret',
  detect(line, context) {
    const out: LineMatch[] = [];
    for (const m of line.matchAll(JWT_SECRET)) {
      const [whole, key, quote, value] = m;
      if (!value || isPlaceholder(value, key)) continue;
      if (!quote && CODE_EXTENSIONS.test(context.file)) continue;
      out.push(match('jwt-secret', `token signing secret (${key})`, m.index + whole.length - value.length, value));
    }
    return out;
  },
};

/** Long random-looking strings next to a credential word, or very random ones anywhere. */
const highEntropy: Detector = {
  rule: 'high-entropy',
  detect(line, context) {
    if (
      /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|go\.sum|composer\.lock|Gemfile\.lock)$/.test(
        context.file,
      )
    )
      return [];
    if (/base64,|sourceMappingURL|integrity/i.test(line)) return [];
    const out: LineMatch[] = [];
    for (const m of line.matchAll(CANDIDATE)) {
      // `\nDATABASE...` in a string literal: the `n` belongs to the escape, not to the value.
      const escaped = line[m.index - 1] === '\\';
      const value = escaped ? m[1].slice(1) : m[1];
      const start = escaped ? m.index + 1 : m.index;
      if (value.length < 20 || looksStructured(value) || insideUrl(line, start)) continue;
      const hinted = SECRET_HINT.test(line.slice(0, start));
      const entropy = shannonEntropy(value);
      const hex = /^[0-9a-f]+$/i.test(value);
      const secretLike = hex
        ? hinted && value.length >= 32 && entropy >= 3.0
        : /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value) && ((hinted && entropy >= 4.0) || (value.length >= 32 && entropy >= 4.5));
      if (secretLike) out.push(match('high-entropy', `high-entropy string (${entropy.toFixed(1)} bits/char)`, start, value));
    }
    return out;
  },
};

/** Part of a URL (a document id, a commit link): the word it sits in contains `://`. */
function insideUrl(line: string, at: number): boolean {
  const wordStart = line.slice(0, at).search(/\S*$/);
  return line.slice(wordStart, at).includes('://');
}

/** Identifiers, UUIDs, digests and paths that are long and varied but are not credentials. */
function looksStructured(value: string): boolean {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return true;
  if (/^sha(1|256|384|512)-/i.test(value)) return true;
  if (/\/\//.test(value)) return true;
  // A path: segments of words. Base64 also has slashes, but its segments mix case and digits.
  if (value.includes('/') && value.split('/').every((seg) => !(/[A-Z]/.test(seg) && /\d/.test(seg)))) return true;
  // camelCase / kebab / snake identifiers: letters in words with few digits (the pattern has one
  // way to match each string: nested optional groups here backtrack exponentially).
  if (/^[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)*$/.test(value) && (value.match(/\d/g)?.length ?? 0) <= 2) return true;
  // A name and a number: `EventSourcingTables1764300000000` (a migration class).
  if (/^[A-Za-z_]+\d+$/.test(value)) return true;
  return false;
}

export const LINE_DETECTORS: readonly Detector[] = [privateKey, awsAccessKey, awsSecretKey, jwtToken, jwtSecret, highEntropy];

/** Every finding on one line; text matched by an earlier detector is not reported again by a later one. */
export function scanLine(line: string, context: LineContext): LineMatch[] {
  if (line.includes(ALLOW_PRAGMA)) return [];
  // Minified or generated lines are not where secrets get pasted, and would cost a lot to scan.
  const text = line.length > 4000 ? line.slice(0, 4000) : line;
  const found: LineMatch[] = [];
  for (const detector of LINE_DETECTORS) {
    for (const m of detector.detect(text, context)) {
      if (!found.some((f) => m.start < f.end && f.start < m.end)) found.push(m);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
