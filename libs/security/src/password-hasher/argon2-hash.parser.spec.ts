import { parseArgon2Hash } from './argon2-hash.parser';

const SALT = 'c29tZXNhbHRzb21lc2FsdA'; // 16 bytes
const HASH = 'q1l2nJm8L4oKqJ3QyqkM3y2R5z0gT1b6H8m9y8r7e2A'; // 32 bytes

describe(parseArgon2Hash.name, () => {
  it('reads variant, version, costs and lengths', () => {
    expect(parseArgon2Hash(`$argon2id$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`)).toEqual({
      variant: 'argon2id',
      version: 19,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
      saltLength: 16,
      hashLength: 32,
    });
  });

  it('treats a missing version as Argon2 1.0', () => {
    expect(parseArgon2Hash(`$argon2i$m=4096,t=3,p=1$${SALT}$${HASH}`)).toMatchObject({ variant: 'argon2i', version: 16 });
  });

  it.each([
    '',
    'not a hash',
    '$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234',
    `$argon2id$v=19$m=19456,t=2$${SALT}$${HASH}`,
    `$argon2id$v=19$m=abc,t=2,p=1$${SALT}$${HASH}`,
    `$argon2id$v=19$m=19456,t=2,p=1$${SALT}`,
    `$argon2x$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`,
    `$argon2id$v=19$m=19456,t=2,p=1$${SALT}$${HASH}$extra`,
    `$argon2id$v=19$m=19456,t=2,p=1$${'A'.repeat(600)}$${HASH}`,
  ])('returns null for %p', (encoded) => {
    expect(parseArgon2Hash(encoded)).toBeNull();
  });
});
