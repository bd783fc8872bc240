import { createHmac, hkdfSync } from 'node:crypto';
import { TokenError } from '../errors/token.errors';

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes encode to 43 base64 characters plus at most one '=' pad; both alphabets accepted.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;
// Fixed, public salt and info: they separate this derivation from any other use of the same
// secret; the secret itself supplies the entropy.
const HKDF_SALT = Buffer.from('tr4ction/master-key/salt/v1', 'utf8');
const HKDF_INFO = Buffer.from('tr4ction/signing-key-encryption/v1', 'utf8');

/**
 * Turns the configured master secret into a 32-byte AES key. A 64-hex or base64 32-byte value is
 * used as is (what `openssl rand` produces); anything else of at least 32 bytes is stretched with
 * HKDF-SHA256. Surrounding whitespace is dropped because file and env providers often keep a
 * trailing newline. Errors never echo the value.
 */
export function deriveMasterKey(secret: string): Buffer {
  const value = typeof secret === 'string' ? secret.trim() : '';
  if (HEX_KEY.test(value)) return Buffer.from(value, 'hex');
  if (BASE64_KEY.test(value)) {
    const decoded = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length === KEY_BYTES) return decoded;
  }
  if (Buffer.byteLength(value, 'utf8') < KEY_BYTES) throw TokenError.internal('master_key_too_short');
  return Buffer.from(hkdfSync('sha256', Buffer.from(value, 'utf8'), HKDF_SALT, HKDF_INFO, KEY_BYTES));
}

const KEY_ID_LABEL = Buffer.from('tr4ction/master-key/id/v1', 'utf8');

/**
 * A public name for a master key (16 hex characters of an HMAC keyed by it): stored beside each
 * encrypted row and put in the `SecretRotated` event, so an operator can tell which key a row is
 * under without the key ever leaving the process.
 */
export function masterKeyId(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update(KEY_ID_LABEL).digest('hex').slice(0, 16);
}
