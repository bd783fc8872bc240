/**
 * Deterministic JSON in the style of RFC 8785 (JCS). Audit hashes are computed over this text, so the
 * same record must give the same bytes on every machine, after every database round trip.
 *
 * - object members sorted by UTF-16 code units (what RFC 8785 section 3.2.3 prescribes, and what
 *   `Array.prototype.sort` does for strings);
 * - no whitespace; numbers in ECMAScript shortest round-trip form (as `JSON.stringify`), so `-0` is `0`;
 * - strings escaped as `JSON.stringify` escapes them (RFC 8785 section 3.2.2.2 adopts the same rules);
 * - `toJSON` is honoured (a `Date` becomes its ISO string), as `JSON.stringify` would;
 * - undefined object members are omitted (they do not survive a JSON round trip either);
 * - rejected with a `TypeError`: non-finite numbers, bigint, functions, symbols, undefined at the top
 *   level or inside an array, lone surrogates (RFC 8785 requires I-JSON, and Postgres jsonb would refuse
 *   them), `Map`/`Set` (`JSON.stringify` would silently turn them into `{}` and drop their content),
 *   and cycles.
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value, new Set<object>());
  } catch (error) {
    if (error instanceof CanonicalJsonError) {
      throw new TypeError(`canonicalJson: ${error.message} at $${error.path.join('')}`);
    }
    throw error;
  }
}

// The path to the offending member is collected while the error unwinds, so the hot path never
// builds path strings for values that turn out fine.
class CanonicalJsonError extends Error {
  readonly path: string[] = [];
}

// Printable ASCII without `"` or `\`: JSON.stringify would return such a string merely quoted.
const NEEDS_NO_ESCAPE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface JsonConvertible {
  toJSON(key: string): unknown;
}

function hasToJson(value: object): value is JsonConvertible {
  return typeof (value as Partial<JsonConvertible>).toJSON === 'function';
}

// The fast paths below matter: verification canonicalises every record of the log.
function writeString(value: string): string {
  if (NEEDS_NO_ESCAPE.test(value)) return `"${value}"`;
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw new CanonicalJsonError('lone surrogate in a string');
  return JSON.stringify(value);
}

function write(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number');
      // For finite numbers String() is the ECMAScript shortest form that RFC 8785 requires (and -0 gives "0").
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (hasToJson(value)) return write(value.toJSON(''), ancestors);
      if (value instanceof Map || value instanceof Set) throw new CanonicalJsonError(`${value.constructor.name} is not JSON`);
      if (ancestors.has(value)) throw new CanonicalJsonError('cycle');
      ancestors.add(value);
      try {
        return Array.isArray(value) ? writeArray(value, ancestors) : writeObject(value as Record<string, unknown>, ancestors);
      } finally {
        ancestors.delete(value);
      }
    default:
      throw new CanonicalJsonError(`cannot serialise ${typeof value}`);
  }
}

function writeArray(value: unknown[], ancestors: Set<object>): string {
  let out = '[';
  // An index loop, not forEach: forEach skips holes, and a hole is an undefined element to reject.
  for (let i = 0; i < value.length; i++) {
    try {
      out += (i > 0 ? ',' : '') + write(value[i], ancestors);
    } catch (error) {
      if (error instanceof CanonicalJsonError) error.path.unshift(`[${i}]`);
      throw error;
    }
  }
  return `${out}]`;
}

function writeObject(value: Record<string, unknown>, ancestors: Set<object>): string {
  let out = '{';
  const keys = Object.keys(value).sort();
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const member = value[key];
    if (member === undefined) continue;
    try {
      out += (out.length > 1 ? ',' : '') + writeString(key) + ':' + write(member, ancestors);
    } catch (error) {
      if (error instanceof CanonicalJsonError) error.path.unshift(`.${key}`);
      throw error;
    }
  }
  return `${out}}`;
}
