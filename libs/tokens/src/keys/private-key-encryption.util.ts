import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenError } from '../errors/token.errors';

// The version prefix lets a later format (another cipher, a wrapped data key) coexist with v1
// rows during a re-encryption migration.
const VERSION = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size; random is safe far below 2^32 encryptions per key
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Encrypts a private key PEM with AES-256-GCM. The kid is bound as additional authenticated data,
 * so a ciphertext copied onto another key's row fails to decrypt instead of silently swapping keys.
 * Returns `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export function encryptPrivateKey(privatePem: string, masterKey: Buffer, kid: string): string {
  assertMasterKey(masterKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(privatePem, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Inverse of encryptPrivateKey. Any failure (format, key, kid, tampering) is one generic error. */
export function decryptPrivateKey(blob: string, masterKey: Buffer, kid: string): string {
  assertMasterKey(masterKey);
  const parts = blob.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw TokenError.internal('key_decryption_failed');
  const iv = Buffer.from(parts[1], 'base64url');
  const tag = Buffer.from(parts[2], 'base64url');
  const ciphertext = Buffer.from(parts[3], 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || ciphertext.length === 0) {
    throw TokenError.internal('key_decryption_failed');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw TokenError.internal('key_decryption_failed');
  }
}

/**
 * Decrypts with the first of `masterKeys` that opens the blob (the current key first, then the
 * previous one while a master-key rotation re-encrypts the rows). Returns which key it was, so
 * the caller knows whether the row still needs re-encrypting.
 */
export function decryptPrivateKeyWithAny(blob: string, masterKeys: readonly Buffer[], kid: string): { privatePem: string; keyIndex: number } {
  for (const [keyIndex, masterKey] of masterKeys.entries()) {
    try {
      return { privatePem: decryptPrivateKey(blob, masterKey, kid), keyIndex };
    } catch {
      // AES-GCM refuses a wrong key with the same error as tampering: try the next key.
    }
  }
  throw TokenError.internal('key_decryption_failed');
}

function assertMasterKey(masterKey: Buffer): void {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== KEY_BYTES) throw TokenError.internal('master_key_invalid');
}
