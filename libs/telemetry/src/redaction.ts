/**
 * The one place that decides what must never be written out: by key name (password, token,
 * secret, ...) and by value shape (JWTs, argon2 hashes, PEM blocks, bearer credentials), at any depth.
 * Loggers and span exporters apply it, so no caller has to remember.
 */

export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|authorization|cookie|^hash$|password_hash|private|api[_-]?key|credential|master[_-]?key|client_secret|recovery_codes?|otpauth/i;
const SECRET_VALUE = [
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT / JWS compact
  /\$argon2(id|i|d)\$[^\s"']+/g, // argon2 PHC hashes
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b(rt|sk|mt)_[A-Za-z0-9_-]{20,}/g, // our opaque refresh tokens, client secrets and mfa tokens
  /otpauth:\/\/[^\s"']+/g, // a TOTP enrolment URI carries the secret
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
];

export function redactString(value: string): string {
  let out = value;
  for (const pattern of SECRET_VALUE) out = out.replace(pattern, REDACTED);
  return out;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[DEPTH]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redactDeep(v, depth + 1);
    return out;
  }
  return value;
}
