/**
 * The three password policy profiles (PASSWORD_POLICY; docs/identity.md).
 * Every profile: at least 64 characters allowed (1024 here), no truncation, the common-password
 * blocklist, argon2id hashing (see PasswordHasher).
 */
import { UnknownPasswordPolicyError } from '../security.errors';
import { MAX_PASSWORD_BYTES, MAX_PASSWORD_LENGTH } from './password-text.util';
import { POLICY_NAMES, type PasswordPolicy, type PolicyName } from './password-policy.types';

export const DEFAULT_POLICY_NAME: PolicyName = 'seed';

const SEED: PasswordPolicy = {
  name: 'seed',
  minLength: 12,
  maxLength: MAX_PASSWORD_LENGTH,
  maxBytes: MAX_PASSWORD_BYTES,
  composition: ['uppercase', 'lowercase', 'digit', 'symbol'],
  expiryDays: 90,
  historyCount: 5,
  lockout: { maxFailures: 5, lockMinutes: 30, throttle: null },
  blocklist: true,
};

const NIST_800_63B_4: PasswordPolicy = {
  name: 'nist-800-63b-4',
  minLength: 15,
  maxLength: MAX_PASSWORD_LENGTH,
  maxBytes: MAX_PASSWORD_BYTES,
  composition: [],
  expiryDays: null,
  historyCount: 0,
  lockout: {
    // NIST caps consecutive failures at 100. Reaching 100 behind the delays below takes a day or more,
    // so whoever gets there is an attacker: a 24 h lock keeps the guess budget tiny while still
    // healing on its own (an admin can unlock earlier).
    maxFailures: 100,
    lockMinutes: 24 * 60,
    // First 5 failures free (typos), then 1 s doubling per failure, capped at 15 minutes:
    // 1, 2, 4, ... 512 s, then 900 s each.
    throttle: { freeFailures: 5, baseSeconds: 1, maxSeconds: 15 * 60 },
  },
  blocklist: true,
};

const PCI_DSS_4: PasswordPolicy = {
  name: 'pci-dss-4',
  minLength: 12,
  maxLength: MAX_PASSWORD_LENGTH,
  maxBytes: MAX_PASSWORD_BYTES,
  composition: ['letters', 'digit'],
  expiryDays: 90,
  historyCount: 4,
  lockout: { maxFailures: 10, lockMinutes: 30, throttle: null },
  blocklist: true,
};

const PROFILES: Readonly<Record<PolicyName, PasswordPolicy>> = deepFreeze({
  seed: SEED,
  'nist-800-63b-4': NIST_800_63B_4,
  'pci-dss-4': PCI_DSS_4,
});

export function isPolicyName(value: unknown): value is PolicyName {
  return typeof value === 'string' && (POLICY_NAMES as readonly string[]).includes(value);
}

/** The profile of that name; undefined or empty selects the default (`seed`), as PASSWORD_POLICY does. */
export function getPolicy(name?: string): PasswordPolicy {
  if (name === undefined || name === '') return PROFILES[DEFAULT_POLICY_NAME];
  if (!isPolicyName(name)) throw new UnknownPasswordPolicyError(POLICY_NAMES);
  return PROFILES[name];
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
