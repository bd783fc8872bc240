/**
 * A committed environment file (`.env`, `.env.production`, `prod.env`) is a finding by itself:
 * that is where the runbook kept JWT_SECRET_KEY and the database password. Templates
 * (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`) are not.
 */
import type { Finding } from './finding.types';

const ENV_NAME = /(^|\/)(\.env(\.[^/]+)?|[^/]+\.env)$/;
const TEMPLATE = /\.(example|sample|template|dist|tmpl|tpl)$/i;
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

export function isEnvFile(file: string): boolean {
  return ENV_NAME.test(file) && !TEMPLATE.test(file);
}

/** One finding per environment file, at its first assignment with a value; none for an empty file. */
export function envFileFinding(file: string, lines: Iterable<{ line: number; text: string }>): Finding | undefined {
  const keys: string[] = [];
  let first: number | undefined;
  for (const { line, text } of lines) {
    const m = ASSIGNMENT.exec(text);
    if (!m || !m[2].trim() || /^["']{2}$/.test(m[2].trim())) continue;
    keys.push(m[1]);
    first ??= line;
  }
  if (first === undefined) return undefined;
  const listed = keys.slice(0, 5).join(', ') + (keys.length > 5 ? ', …' : '');
  return {
    rule: 'env-file',
    description: `environment file committed (${keys.length} value${keys.length === 1 ? '' : 's'}: ${listed})`,
    file,
    line: first,
    column: 1,
    preview: `${keys[0]}=…`,
  };
}
