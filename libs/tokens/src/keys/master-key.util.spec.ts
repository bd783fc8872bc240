import { randomBytes } from 'node:crypto';
import { TokenError } from '../errors/token.errors';
import { deriveMasterKey } from './master-key.util';

describe(deriveMasterKey.name, () => {
  it('uses a 64-character hex value as the key bytes', () => {
    const raw = randomBytes(32);

    expect(deriveMasterKey(raw.toString('hex')).equals(raw)).toBe(true);
  });

  it.each(['base64', 'base64url'] as const)('uses a %s 32-byte value as the key bytes', (encoding) => {
    const raw = randomBytes(32);

    expect(deriveMasterKey(raw.toString(encoding)).equals(raw)).toBe(true);
  });

  it('ignores surrounding whitespace such as a trailing newline from a secret file', () => {
    const raw = randomBytes(32);

    expect(deriveMasterKey(`${raw.toString('hex')}\n`).equals(raw)).toBe(true);
  });

  it('stretches a long passphrase with HKDF, deterministically', () => {
    const passphrase = 'correct horse battery staple, rather long one';

    const key = deriveMasterKey(passphrase);

    expect(key).toHaveLength(32);
    expect(deriveMasterKey(passphrase).equals(key)).toBe(true);
    expect(deriveMasterKey(`${passphrase}!`).equals(key)).toBe(false);
    expect(key.includes(Buffer.from(passphrase.slice(0, 8)))).toBe(false);
  });

  it('refuses a secret shorter than 32 bytes and does not echo it', () => {
    const short = 'hunter2-is-not-a-master-key';

    expect(() => deriveMasterKey(short)).toThrow(TokenError);
    try {
      deriveMasterKey(short);
    } catch (error) {
      expect((error as TokenError).reason).toBe('master_key_too_short');
      expect((error as TokenError).message).not.toContain(short);
    }
  });

  it('refuses an empty value', () => {
    expect(() => deriveMasterKey('   ')).toThrow(new TokenError('INTERNAL', 'master_key_too_short'));
  });
});
