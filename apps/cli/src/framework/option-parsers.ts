/** Argument parsers for commander: a malformed value is a usage error (exit 2) naming the rule. */
import { InvalidArgumentError } from 'commander';

export function integerBetween(min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number between ${min} and ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a whole number between ${min} and ${max}`);
    return n;
  };
}

/** An ISO 8601 date-time (or date), normalised to UTC ISO form. */
export function isoTimestamp(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()))
    throw new InvalidArgumentError('expected an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z');
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('expected an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z');
  return new Date(t).toISOString();
}

export function matching(pattern: RegExp, what: string): (value: string) => string {
  return (value: string) => {
    if (!pattern.test(value)) throw new InvalidArgumentError(`expected ${what}`);
    return value;
  };
}

/** For repeatable options: `--exclude a --exclude b`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A reason kept in an audit record: what the services accept (1-500 printable characters). */
export function reasonText(value: string): string {
  const v = value.trim();
  if (v.length < 1 || v.length > 500 || /[\u0000-\u001f\u007f]/.test(v)) throw new InvalidArgumentError('expected 1-500 printable characters');
  return v;
}
