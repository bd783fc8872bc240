import { randomBytes } from 'node:crypto';
import { TokenError } from '../errors/token.errors';
import { decryptPrivateKey, decryptPrivateKeyWithAny, encryptPrivateKey } from './private-key-encryption.util';
import { generateSigningKey } from './signing-key.util';

async function setup() {
  const key = await generateSigningKey('ES256');
  const masterKey = randomBytes(32);
  return { key, masterKey, blob: encryptPrivateKey(key.privatePem, masterKey, key.kid) };
}

function failureOf(run: () => unknown): TokenError {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('expected a TokenError');
}

describe(encryptPrivateKey.name, () => {
  it('round-trips through decryptPrivateKey', async () => {
    const { key, masterKey, blob } = await setup();

    expect(decryptPrivateKey(blob, masterKey, key.kid)).toBe(key.privatePem);
  });

  it('writes the versioned v1.<iv>.<tag>.<ciphertext> format with no plaintext in it', async () => {
    const { key, blob } = await setup();

    const parts = blob.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    expect(Buffer.from(parts[1], 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[2], 'base64url')).toHaveLength(16);
    expect(blob).not.toContain('PRIVATE KEY');
    expect(blob).not.toContain(key.privatePem.split('\n')[1]);
  });

  it('uses a fresh IV every time', async () => {
    const { key, masterKey, blob } = await setup();

    expect(encryptPrivateKey(key.privatePem, masterKey, key.kid)).not.toBe(blob);
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(failureOf(() => encryptPrivateKey('pem', randomBytes(16), 'kid')).reason).toBe('master_key_invalid');
  });
});

describe(decryptPrivateKey.name, () => {
  it('fails with the wrong master key', async () => {
    const { key, blob } = await setup();

    expect(failureOf(() => decryptPrivateKey(blob, randomBytes(32), key.kid)).reason).toBe('key_decryption_failed');
  });

  it('fails when the ciphertext is presented under another kid (AAD)', async () => {
    const { masterKey, blob } = await setup();

    expect(failureOf(() => decryptPrivateKey(blob, masterKey, 'another-kid')).reason).toBe('key_decryption_failed');
  });

  it.each([
    [
      'a flipped ciphertext byte',
      (blob: string) => {
        const parts = blob.split('.');
        const bytes = Buffer.from(parts[3], 'base64url');
        bytes[0] ^= 1;
        return [parts[0], parts[1], parts[2], bytes.toString('base64url')].join('.');
      },
    ],
    ['an unknown version', (blob: string) => blob.replace(/^v1\./, 'v9.')],
    ['a missing part', (blob: string) => blob.split('.').slice(0, 3).join('.')],
    [
      'a short tag',
      (blob: string) => {
        const parts = blob.split('.');
        return [parts[0], parts[1], 'AAAA', parts[3]].join('.');
      },
    ],
  ])('fails on %s', async (_, mutate) => {
    const { key, masterKey, blob } = await setup();

    expect(failureOf(() => decryptPrivateKey(mutate(blob), masterKey, key.kid)).reason).toBe('key_decryption_failed');
  });

  it('never puts key material in the error', async () => {
    const { key, blob } = await setup();

    const error = failureOf(() => decryptPrivateKey(blob, randomBytes(32), key.kid));

    expect(error.message).not.toContain(blob);
    expect(`${error.stack} ${JSON.stringify(error)}`).not.toContain(blob.split('.')[3].slice(0, 16));
  });
});

describe(decryptPrivateKeyWithAny.name, () => {
  it('opens a row under either key, current first, and says which one it was', async () => {
    const { key, masterKey, blob } = await setup();
    const other = randomBytes(32);

    expect(decryptPrivateKeyWithAny(blob, [masterKey, other], key.kid)).toEqual({ privatePem: key.privatePem, keyIndex: 0 });
    expect(decryptPrivateKeyWithAny(blob, [other, masterKey], key.kid)).toEqual({ privatePem: key.privatePem, keyIndex: 1 });
  });

  it('fails like a single key when none opens it', async () => {
    const { key, blob } = await setup();

    expect(failureOf(() => decryptPrivateKeyWithAny(blob, [randomBytes(32), randomBytes(32)], key.kid)).reason).toBe('key_decryption_failed');
  });
});
