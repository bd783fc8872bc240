/**
 * Postgres cannot store U+0000 in text or jsonb, and canonical JSON refuses lone surrogates. Either in
 * an event would make its record fail on every delivery and end in the dead-letter stream, so anyone
 * who can get such a character into an event (a display name, say) could keep that event out of the
 * audit log. The projection replaces them with U+FFFD before hashing: the record keeps everything else,
 * and what is hashed is exactly what is stored.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(value: string): string {
  return value.replace(UNSTORABLE, '\uFFFD');
}

/** A deep copy of JSON-shaped `value` in which every string (and member name) is storable. */
export function storableJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    Object.defineProperty(out, storableText(key), { value: copy(member), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
