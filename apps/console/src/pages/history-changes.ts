/**
 * What one event of a user's history changed, in words: audit-service spells lifecycle changes as
 * `{before, after}` (either may be missing) and passes other payload fields as they came.
 */
export interface ChangeLine {
  field: string;
  text: string;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isBeforeAfter(value: unknown): value is { before?: unknown; after?: unknown } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === 'before' || k === 'after');
}

export function describeChanges(changes: Record<string, unknown>): ChangeLine[] {
  return Object.entries(changes).map(([field, value]) => {
    if (!isBeforeAfter(value)) return { field, text: show(value) };
    if (!('before' in value)) return { field, text: show(value.after) };
    if (!('after' in value)) return { field, text: `${show(value.before)} → —` };
    return { field, text: `${show(value.before)} → ${show(value.after)}` };
  });
}
