import { createHash, generateKeyPairSync } from 'node:crypto';
import { ed25519KeyFromSecret, ed25519KeyId, ed25519PublicKey, generateEd25519Secret, rawEd25519PublicKey } from './ed25519-key.util';

// RFC 8032 section 7.1, TEST 1.
const RFC8032_SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const RFC8032_PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');

describe(ed25519KeyFromSecret.name, () => {
  it('reads a base64 or base64url 32-byte seed (RFC 8032 test vector)', () => {
    for (const encoded of [RFC8032_SEED.toString('base64'), RFC8032_SEED.toString('base64url'), ` ${RFC8032_SEED.toString('base64')}\n`]) {
      const key = ed25519KeyFromSecret(encoded);
      expect(key.type).toBe('private');
      expect(rawEd25519PublicKey(key).equals(RFC8032_PUBLIC)).toBe(true);
    }
  });

  it('reads a 32-byte seed written as 64 hex digits, as `secrets generate --hex 32` prints it', () => {
    expect(rawEd25519PublicKey(ed25519KeyFromSecret(RFC8032_SEED.toString('hex'))).equals(RFC8032_PUBLIC)).toBe(true);
    expect(() => ed25519KeyFromSecret(RFC8032_SEED.toString('hex').slice(2))).toThrow(TypeError);
  });

  it('reads a PKCS#8 PEM, also with its line breaks escaped as in an environment variable', () => {
    const pem = ed25519KeyFromSecret(RFC8032_SEED.toString('base64')).export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(rawEd25519PublicKey(ed25519KeyFromSecret(pem)).equals(RFC8032_PUBLIC)).toBe(true);
    expect(rawEd25519PublicKey(ed25519KeyFromSecret(pem.replace(/\n/g, '\\n'))).equals(RFC8032_PUBLIC)).toBe(true);
  });

  it('refuses other inputs without echoing them', () => {
    const shortSeed = Buffer.alloc(31, 7).toString('base64');
    expect(() => ed25519KeyFromSecret(shortSeed)).toThrow(TypeError);
    expect(() => ed25519KeyFromSecret(shortSeed)).not.toThrow(shortSeed);
    expect(() => ed25519KeyFromSecret('not base64 at all!')).toThrow(TypeError);
    expect(() => ed25519KeyFromSecret('-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----')).toThrow(TypeError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => ed25519KeyFromSecret(rsa)).toThrow(/Ed25519/);
  });
});

describe(generateEd25519Secret.name, () => {
  it('makes distinct 32-byte seeds that load as keys', () => {
    const a = generateEd25519Secret();
    const b = generateEd25519Secret();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(ed25519KeyFromSecret(a).asymmetricKeyType).toBe('ed25519');
  });
});

describe(ed25519PublicKey.name, () => {
  it('gives the same public key from a private key, an SPKI PEM and a raw base64 key', () => {
    const privateKey = ed25519KeyFromSecret(RFC8032_SEED.toString('base64'));
    const fromPrivate = ed25519PublicKey(privateKey);
    const fromPem = ed25519PublicKey(fromPrivate.export({ format: 'pem', type: 'spki' }).toString());
    const fromRaw = ed25519PublicKey(RFC8032_PUBLIC.toString('base64url'));
    for (const key of [fromPrivate, fromPem, fromRaw]) {
      expect(key.type).toBe('public');
      expect(rawEd25519PublicKey(key).equals(RFC8032_PUBLIC)).toBe(true);
    }
  });
});

describe(ed25519KeyId.name, () => {
  it('is the first 16 hex characters of SHA-256 over the raw public key, for either half of the pair', () => {
    const expected = createHash('sha256').update(RFC8032_PUBLIC).digest('hex').slice(0, 16);
    const privateKey = ed25519KeyFromSecret(RFC8032_SEED.toString('base64'));
    expect(ed25519KeyId(privateKey)).toBe(expected);
    expect(ed25519KeyId(ed25519PublicKey(privateKey))).toBe(expected);
  });
});
