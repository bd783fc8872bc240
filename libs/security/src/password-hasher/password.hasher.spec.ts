import { hash as argon2Hash, argon2i, verify as argon2Verify } from 'argon2';
import { HasherOverloadedError, PasswordTooLongError } from '../security.errors';
import { DEFAULT_ARGON2_PARAMS, PasswordHasher, type PasswordHasherOptions } from './password.hasher';

// Small parameters keep the suite fast; production uses the OWASP defaults.
const FAST = { memoryCost: 1024, timeCost: 1 } as const;
const PASSWORD = 'Vq7#mLp2!zRt9&wK';

function setup(options: PasswordHasherOptions = {}) {
  const sut = new PasswordHasher({ ...FAST, ...options });
  return { sut };
}

describe(PasswordHasher.name, () => {
  it('defaults to OWASP argon2id parameters', () => {
    expect(DEFAULT_ARGON2_PARAMS).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(new PasswordHasher().params).toEqual(DEFAULT_ARGON2_PARAMS);
  });

  it('hashes with argon2id and the configured parameters, salted', async () => {
    const { sut } = setup();
    const first = await sut.hash(PASSWORD);
    const second = await sut.hash(PASSWORD);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(PASSWORD);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const { sut } = setup();
    const stored = await sut.hash(PASSWORD);
    await expect(sut.verify(stored, PASSWORD)).resolves.toBe(true);
    await expect(sut.verify(stored, PASSWORD.toLowerCase())).resolves.toBe(false);
    await expect(sut.verify(stored, `${PASSWORD} `)).resolves.toBe(false);
  });

  it('does not truncate: passwords differing only at the end stay distinct', async () => {
    const { sut } = setup();
    const long = 'x'.repeat(1023);
    const stored = await sut.hash(`${long}a`);
    await expect(sut.verify(stored, `${long}a`)).resolves.toBe(true);
    await expect(sut.verify(stored, `${long}b`)).resolves.toBe(false);
  });

  it('matches canonically equivalent Unicode (NFC) but not case variants', async () => {
    const { sut } = setup();
    const stored = await sut.hash('caf\u00e9-Pass-1234!');
    await expect(sut.verify(stored, 'cafe\u0301-Pass-1234!')).resolves.toBe(true);
    await expect(sut.verify(stored, 'CAF\u00c9-PASS-1234!')).resolves.toBe(false);
  });

  it('handles emoji and RTL passwords', async () => {
    const { sut } = setup();
    for (const password of ['👩‍👩‍👧‍👦🔐🦄🌶️', 'كلمة المرور ١٢٣']) {
      await expect(sut.verify(await sut.hash(password), password)).resolves.toBe(true);
    }
  });

  it('refuses to hash more than 1 KiB, and verify answers false for it', async () => {
    const { sut } = setup();
    const stored = await sut.hash('x'.repeat(1024));
    const tooLong = 'x'.repeat(1025);
    await expect(sut.hash(tooLong)).rejects.toBeInstanceOf(PasswordTooLongError);
    await expect(sut.hash(tooLong)).rejects.toMatchObject({ code: 'PASSWORD_TOO_LONG' });
    await expect(sut.hash('é'.repeat(513))).rejects.toBeInstanceOf(PasswordTooLongError);
    await expect(sut.verify(stored, tooLong)).resolves.toBe(false);
  });

  it.each([
    '',
    'garbage',
    '$argon2id$v=19$m=1024,t=1,p=1$bm90IGEgc2FsdA$',
    '$argon2id$v=19$m=1024,t=1,p=1$!!!$!!!',
    // Well-formed text that argon2 itself rejects: 1-byte salt, unknown version.
    '$argon2id$v=19$m=1024,t=1,p=1$YQ$q1l2nJm8L4oKqJ3QyqkM3y2R5z0gT1b6H8m9y8r7e2A',
    '$argon2id$v=99$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$q1l2nJm8L4oKqJ3QyqkM3y2R5z0gT1b6H8m9y8r7e2A',
    '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
  ])('returns false, without throwing, for malformed hash %p', async (stored) => {
    const { sut } = setup();
    await expect(sut.verify(stored, PASSWORD)).resolves.toBe(false);
  });

  it('refuses stored hashes that would cost unreasonable memory', async () => {
    const { sut } = setup({ maxVerifyMemoryCost: 2048 });
    const expensive = await argon2Hash(PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await expect(sut.verify(expensive, PASSWORD)).resolves.toBe(false);
  });

  describe('needsRehash', () => {
    it('is false for a hash made with the current parameters', async () => {
      const { sut } = setup();
      expect(sut.needsRehash(await sut.hash(PASSWORD))).toBe(false);
    });

    it('is true when parameters changed, yet the old hash still verifies', async () => {
      const old = setup({ memoryCost: 2048 }).sut;
      const { sut } = setup();
      const stored = await old.hash(PASSWORD);
      expect(sut.needsRehash(stored)).toBe(true);
      await expect(sut.verify(stored, PASSWORD)).resolves.toBe(true);
      expect(setup({ timeCost: 2 }).sut.needsRehash(await sut.hash(PASSWORD))).toBe(true);
      expect(setup({ hashLength: 64 }).sut.needsRehash(await sut.hash(PASSWORD))).toBe(true);
    });

    it('is true for another argon2 variant and for malformed input', async () => {
      const { sut } = setup();
      const argon2iHash = await argon2Hash(PASSWORD, { type: argon2i, memoryCost: 1024, timeCost: 1, parallelism: 1 });
      expect(sut.needsRehash(argon2iHash)).toBe(true);
      expect(sut.needsRehash('garbage')).toBe(true);
    });
  });

  describe('verifyDummy', () => {
    it('always answers false, whatever the password', async () => {
      const { sut } = setup();
      await expect(sut.verifyDummy(PASSWORD)).resolves.toBe(false);
      await expect(sut.verifyDummy('')).resolves.toBe(false);
      await expect(sut.verifyDummy('x'.repeat(5000))).resolves.toBe(false);
    });

    it('verifies against a well-formed hash of the current parameters, computed by no hash call', async () => {
      const { sut } = setup();
      const hash = jest.spyOn(sut, 'hash');
      const verify = jest.spyOn(sut, 'verify');
      await sut.verifyDummy(PASSWORD);
      await sut.verifyDummy(PASSWORD);
      expect(hash).not.toHaveBeenCalled();
      const [first] = verify.mock.calls[0];
      expect(verify.mock.calls[1][0]).toBe(first);
      expect(sut.needsRehash(first)).toBe(false);
      // argon2 itself reads it (a string it refused would answer false at once, without the work).
      await expect(argon2Verify(first, PASSWORD)).resolves.toBe(false);
    });

    it('does real argon2 work through the limiter', async () => {
      const { sut } = setup({ maxConcurrent: 1, maxQueue: 0 });
      const first = sut.verifyDummy(PASSWORD);
      expect(sut.stats()).toMatchObject({ active: 1 });
      await expect(first).resolves.toBe(false);
    });
  });

  describe('bounded concurrency', () => {
    it('reports active and queued work', async () => {
      const { sut } = setup({ maxConcurrent: 1, maxQueue: 4 });
      expect(sut.stats()).toEqual({ active: 0, queued: 0, maxConcurrent: 1, maxQueue: 4 });
      const pending = [sut.hash(PASSWORD), sut.hash(PASSWORD), sut.hash(PASSWORD)];
      expect(sut.stats()).toMatchObject({ active: 1, queued: 2 });
      await Promise.all(pending);
      expect(sut.stats()).toMatchObject({ active: 0, queued: 0 });
    });

    it('throws HasherOverloadedError at once when the queue is full, and recovers', async () => {
      const { sut } = setup({ maxConcurrent: 1, maxQueue: 1 });
      const stored = await sut.hash(PASSWORD);
      const admitted = [sut.hash(PASSWORD), sut.verify(stored, PASSWORD)];
      const refusedHash = sut.hash(PASSWORD);
      const refusedVerify = sut.verify(stored, PASSWORD);
      await expect(refusedHash).rejects.toBeInstanceOf(HasherOverloadedError);
      await expect(refusedVerify).rejects.toMatchObject({ code: 'HASHER_OVERLOADED' });
      await expect(Promise.all(admitted)).resolves.toEqual([expect.any(String), true]);
      await expect(sut.verify(stored, PASSWORD)).resolves.toBe(true);
    });
  });

  it('validates its options', () => {
    expect(() => setup({ timeCost: 0 })).toThrow(RangeError);
    expect(() => setup({ memoryCost: 4 })).toThrow(RangeError);
    expect(() => setup({ parallelism: 1.5 })).toThrow(RangeError);
    expect(() => setup({ maxConcurrent: 0 })).toThrow(RangeError);
  });

  it('never puts the password or the hash in an error message', async () => {
    const { sut } = setup({ maxConcurrent: 1, maxQueue: 0 });
    const secret = `Sup3r-Secret-${'z'.repeat(1100)}`;
    const errors: unknown[] = [];
    await sut.hash(secret).catch((error: unknown) => errors.push(error));
    const stored = await sut.hash('Another-Secret-42!');
    const busy = sut.hash('Another-Secret-42!');
    await sut.hash('Another-Secret-42!').catch((error: unknown) => errors.push(error));
    await busy;
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      const text = `${(error as Error).message} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
      expect(text).not.toContain('Sup3r-Secret');
      expect(text).not.toContain('Another-Secret');
      expect(text).not.toContain(stored);
    }
  });
});
