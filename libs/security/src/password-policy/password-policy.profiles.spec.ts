import { UnknownPasswordPolicyError } from '../security.errors';
import { DEFAULT_POLICY_NAME, getPolicy, isPolicyName } from './password-policy.profiles';
import { POLICY_NAMES } from './password-policy.types';

describe(getPolicy.name, () => {
  it('defaults to seed when no name is given', () => {
    expect(DEFAULT_POLICY_NAME).toBe('seed');
    expect(getPolicy().name).toBe('seed');
    expect(getPolicy('').name).toBe('seed');
  });

  it('returns a profile for every listed name', () => {
    expect(POLICY_NAMES).toEqual(['seed', 'nist-800-63b-4', 'pci-dss-4']);
    for (const name of POLICY_NAMES) expect(getPolicy(name).name).toBe(name);
  });

  it.each([
    ['seed', 12, ['uppercase', 'lowercase', 'digit', 'symbol'], 90, 5, 5, 30],
    ['nist-800-63b-4', 15, [], null, 0, 100, 24 * 60],
    ['pci-dss-4', 12, ['letters', 'digit'], 90, 4, 10, 30],
  ] as const)('%s keeps its published limits', (name, minLength, composition, expiryDays, historyCount, maxFailures, lockMinutes) => {
    const policy = getPolicy(name);
    expect(policy).toMatchObject({ minLength, composition, expiryDays, historyCount, blocklist: true });
    expect(policy.lockout).toMatchObject({ maxFailures, lockMinutes });
    expect(policy.maxLength).toBeGreaterThanOrEqual(64);
    expect(policy.maxLength).toBe(1024);
    expect(policy.maxBytes).toBe(1024);
  });

  it('throttles only the NIST profile', () => {
    expect(getPolicy('seed').lockout.throttle).toBeNull();
    expect(getPolicy('pci-dss-4').lockout.throttle).toBeNull();
    expect(getPolicy('nist-800-63b-4').lockout.throttle).not.toBeNull();
  });

  it('rejects unknown names with a coded error that does not echo the input', () => {
    const attempt = () => getPolicy('Hunter2-secret');
    expect(attempt).toThrow(UnknownPasswordPolicyError);
    try {
      attempt();
    } catch (error) {
      expect((error as UnknownPasswordPolicyError).code).toBe('UNKNOWN_PASSWORD_POLICY');
      expect((error as Error).message).not.toContain('Hunter2-secret');
    }
  });

  it('hands out frozen profiles', () => {
    const policy = getPolicy('seed');
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.lockout)).toBe(true);
    expect(Object.isFrozen(policy.composition)).toBe(true);
  });

  it('recognises policy names', () => {
    expect(isPolicyName('pci-dss-4')).toBe(true);
    expect(isPolicyName('PCI-DSS-4')).toBe(false);
    expect(isPolicyName(42)).toBe(false);
  });
});
