/**
 * Defensive redaction of audit `data`. Events must never carry secrets (libs/contracts/src/events/catalogue.ts), but the
 * audit log is append-only and hash-chained: a secret that slips into it cannot be removed later
 * without breaking the chain. So the projection masks anything that looks secret before hashing.
 *
 * A member is masked when its key names a secret (password, token, secret, hash, private key, api key,
 * authorization, cookie, credential, ...) or when any string, at any depth, looks like a JWT, a PEM block
 * or a password hash (argon2, bcrypt, scrypt, pbkdf2). Kept on purpose, so the catalogue's own data
 * survives:
 * - booleans and null under a secret-looking key (`password_change_required`, `must_change_password`):
 *   one bit cannot leak a secret;
 * - keys whose last word describes a secret instead of holding it (`password_expires_at`, `token_id`,
 *   `token_type`, `access_token_ttl_seconds`, `password_policy`, ...);
 * - `hash` and `prev_hash` holding a 64-hex SHA-256 digest: audit chain hashes, published by
 *   `AuditCheckpointSigned` next to its `signature` (which is public too and never matched).
 */
export const REDACTED = '[REDACTED]';

// Matched against the key lower-cased with every non-alphanumeric removed, so `clientSecret`,
// `client_secret`, `x-api-key` and `set-cookie` are all caught.
const SECRET_KEY_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'token',
  'hash',
  'privatekey',
  'apikey',
  'authorization',
  'cookie',
  'credential',
];

const DESCRIPTIVE_LAST_WORDS = new Set(['at', 'id', 'ids', 'type', 'kind', 'count', 'required', 'policy', 'ttl', 'seconds', 'length', 'version']);

const CHAIN_HASH_KEYS = new Set(['hash', 'prev_hash']);
const SHA256_HEX = /^[0-9a-f]{64}$/;

// The lookbehind keeps words such as "heyJude.a.b" from matching; a real token starts a base64url run.
const SECRET_VALUE_PATTERNS = [
  /(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/, // JWS / JWE compact serialisation
  /-----BEGIN [A-Z0-9 ]+-----/, // PEM: keys and certificates
  /\$argon2(?:id|i|d)\$/,
  /\$2[abxy]?\$\d{2}\$/, // bcrypt
  /\$(?:scrypt|pbkdf2)/,
];

/** Returns a redacted deep copy of `data`; the input is not modified. */
export function redactData(data: Record<string, unknown>): Record<string, unknown> {
  return redactObject(data, new Set<object>());
}

/** True when a string looks like a token, a key or a password hash wherever it appears. */
export function looksSecretValue(value: string): boolean {
  return SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value));
}

/** True when a member with this key and value should be masked because of its name. */
export function looksSecretMember(key: string, value: unknown): boolean {
  if (typeof value === 'boolean' || value === null || value === undefined) return false;
  if (CHAIN_HASH_KEYS.has(key) && typeof value === 'string' && SHA256_HEX.test(value)) return false;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  if (words.length > 1 && DESCRIPTIVE_LAST_WORDS.has(words[words.length - 1])) return false;
  const squashed = words.join('');
  return SECRET_KEY_WORDS.some((word) => squashed.includes(word));
}

function redactValue(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return looksSecretValue(value) ? REDACTED : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return withCycleGuard(value, ancestors, () => value.map((item: unknown) => redactValue(item, ancestors)));
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') {
    // Dates and other toJSON-able leaves: judge what they will serialise to, as canonicalJson does.
    const serialised: unknown = json.call(value);
    return typeof serialised === 'string' && looksSecretValue(serialised) ? REDACTED : value;
  }
  // canonicalJson refuses these; passing them through lets it say so instead of hiding the bug here.
  if (value instanceof Map || value instanceof Set) return value;
  // Any other object serialises as its own enumerable members, so it is walked like a plain one.
  return redactObject(value as Record<string, unknown>, ancestors);
}

function redactObject(source: Record<string, unknown>, ancestors: Set<object>): Record<string, unknown> {
  return withCycleGuard(source, ancestors, () => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
      const redacted = looksSecretMember(key, value) ? REDACTED : redactValue(value, ancestors);
      // defineProperty, not assignment: JSON.parse makes "__proto__" an own member, and assigning it
      // would change the copy's prototype instead of copying the member.
      Object.defineProperty(out, key, { value: redacted, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}

function withCycleGuard<T>(value: object, ancestors: Set<object>, walk: () => T): T {
  if (ancestors.has(value)) throw new TypeError('redactData: cyclic data cannot be audited');
  ancestors.add(value);
  try {
    return walk();
  } finally {
    ancestors.delete(value);
  }
}
