import { checkPassword } from '../password-policy/password-policy.checker';
import { getPolicy } from '../password-policy/password-policy.profiles';
import { POLICY_NAMES } from '../password-policy/password-policy.types';
import { generateTemporaryPassword } from './temporary-password.generator';

describe(generateTemporaryPassword.name, () => {
  it.each(POLICY_NAMES)('produces passwords that pass %s', (name) => {
    const policy = getPolicy(name);
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword(policy);
      expect(checkPassword(policy, password)).toEqual([]);
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('passes every profile with the same password', () => {
    const password = generateTemporaryPassword(getPolicy('seed'));
    for (const name of POLICY_NAMES) expect(checkPassword(getPolicy(name), password)).toEqual([]);
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateTemporaryPassword(getPolicy())));
    expect(seen.size).toBe(500);
  });
});
