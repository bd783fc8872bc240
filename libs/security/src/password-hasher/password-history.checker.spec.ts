import { PasswordHasher } from './password.hasher';
import { PasswordHistory } from './password-history.checker';

describe(PasswordHistory.name, () => {
  async function setup() {
    const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1 });
    const verify = jest.spyOn(hasher, 'verify');
    // Newest first: the current password, then older ones.
    const passwords = ['Current-Pass-5!', 'Older-Pass-4!', 'Older-Pass-3!', 'Older-Pass-2!', 'Older-Pass-1!', 'Oldest-Pass-0!'];
    const hashes = await Promise.all(passwords.map((password) => hasher.hash(password)));
    return { hasher, verify, passwords, hashes };
  }

  it('finds the current and recent passwords within the history count', async () => {
    const { hasher, hashes } = await setup();
    await expect(PasswordHistory.isReused(hasher, hashes, 'Current-Pass-5!', 5)).resolves.toBe(true);
    await expect(PasswordHistory.isReused(hasher, hashes, 'Older-Pass-1!', 5)).resolves.toBe(true);
  });

  it('ignores passwords older than the last N', async () => {
    const { hasher, hashes } = await setup();
    await expect(PasswordHistory.isReused(hasher, hashes, 'Oldest-Pass-0!', 5)).resolves.toBe(false);
    await expect(PasswordHistory.isReused(hasher, hashes, 'Older-Pass-1!', 4)).resolves.toBe(false);
  });

  it('answers false for a new password, checking only N hashes', async () => {
    const { hasher, hashes, verify } = await setup();
    await expect(PasswordHistory.isReused(hasher, hashes, 'Brand-New-Pass-9!', 5)).resolves.toBe(false);
    expect(verify).toHaveBeenCalledTimes(5);
  });

  it('stops at the first match', async () => {
    const { hasher, hashes, verify } = await setup();
    await PasswordHistory.isReused(hasher, hashes, 'Current-Pass-5!', 5);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('does nothing when the profile keeps no history', async () => {
    const { hasher, hashes, verify } = await setup();
    await expect(PasswordHistory.isReused(hasher, hashes, 'Current-Pass-5!', 0)).resolves.toBe(false);
    expect(verify).not.toHaveBeenCalled();
  });

  it('skips malformed stored hashes', async () => {
    const { hasher, hashes } = await setup();
    await expect(PasswordHistory.isReused(hasher, ['garbage', hashes[1]], 'Older-Pass-4!', 2)).resolves.toBe(true);
  });
});
