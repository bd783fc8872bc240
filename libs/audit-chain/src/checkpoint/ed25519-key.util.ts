/**
 * Loading and making the Ed25519 keys that sign audit checkpoints. Error messages never echo the input:
 * it is a secret.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';

// DER prefixes that wrap a raw 32-byte Ed25519 seed (PKCS#8) or public key (SPKI), RFC 8410.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64_OR_BASE64URL = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A fresh signing secret: 32 random bytes (an Ed25519 seed) in standard base64. */
export function generateEd25519Secret(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The Ed25519 private key held in `secret`: a PKCS#8 PEM block, or a base64 / base64url / hex 32-byte seed.
 * A PEM whose line breaks arrived as literal `\n` (common in environment variables) is accepted too.
 */
export function ed25519KeyFromSecret(secret: string): KeyObject {
  const text = secret.trim();
  if (text.includes('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey(text.replace(/\\n/g, '\n'));
    } catch {
      throw new TypeError('ed25519KeyFromSecret: the PEM block is not a readable private key');
    }
    assertEd25519(key, 'ed25519KeyFromSecret');
    return key;
  }
  const seed = decode32(text, 'ed25519KeyFromSecret: expected a PEM block or a base64 32-byte seed');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * The Ed25519 public key for verifying checkpoints, from a KeyObject (public or private), a PEM block
 * (SPKI public key or PKCS#8 private key) or a base64 / base64url raw 32-byte public key.
 */
export function ed25519PublicKey(input: string | KeyObject): KeyObject {
  if (typeof input !== 'string') {
    assertEd25519(input, 'ed25519PublicKey');
    return input.type === 'public' ? input : createPublicKey(input);
  }
  const text = input.trim();
  if (text.includes('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPublicKey(text.replace(/\\n/g, '\n'));
    } catch {
      throw new TypeError('ed25519PublicKey: the PEM block is not a readable key');
    }
    assertEd25519(key, 'ed25519PublicKey');
    return key;
  }
  const raw = decode32(text, 'ed25519PublicKey: expected a PEM block or a base64 32-byte public key');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The raw 32-byte public key, the form that key ids are computed over. */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const { x } = ed25519PublicKey(key).export({ format: 'jwk' });
  if (typeof x !== 'string') throw new TypeError('rawEd25519PublicKey: key has no public component');
  return Buffer.from(x, 'base64url');
}

/** First 16 hex characters of SHA-256 over the raw public key: short, stable, and safe to publish. */
export function ed25519KeyId(key: KeyObject): string {
  return createHash('sha256').update(rawEd25519PublicKey(key)).digest('hex').slice(0, 16);
}

export function assertEd25519(key: KeyObject, caller: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${caller}: expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
}

function decode32(text: string, message: string): Buffer {
  // 64 hex digits (what `tr4ction secrets generate --hex 32` prints) cannot be a 32-byte base64 value
  // (that is 43-44 characters), so both spellings are accepted without ambiguity.
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!BASE64_OR_BASE64URL.test(text)) throw new TypeError(message);
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== 32) throw new TypeError(message);
  return bytes;
}
