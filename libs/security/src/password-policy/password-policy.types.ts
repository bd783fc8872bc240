export const POLICY_NAMES = ['seed', 'nist-800-63b-4', 'pci-dss-4'] as const;

export type PolicyName = (typeof POLICY_NAMES)[number];

/** Character-class requirements a profile may impose. */
export type CompositionRule = 'uppercase' | 'lowercase' | 'digit' | 'symbol' | 'letters';

export type ViolationRule = CompositionRule | 'min_length' | 'max_length' | 'too_long' | 'blocklist' | 'context' | 'invalid_characters' | 'history';

/** One failed rule, shaped like the `violations[]` entries of the PASSWORD_POLICY problem JSON. */
export interface Violation {
  readonly rule: ViolationRule;
  readonly message: string;
}

/** Personal data the password must not contain. */
export interface PasswordContext {
  readonly email?: string;
  readonly name?: string;
}

/** Growing delays before further login attempts (NIST 800-63B-4 rate limiting instead of early lockout). */
export interface ThrottleRules {
  /** Consecutive failures allowed with no delay (typos). */
  readonly freeFailures: number;
  /** Delay after the first throttled failure; doubles with each further failure. */
  readonly baseSeconds: number;
  /** Ceiling for a single delay. */
  readonly maxSeconds: number;
}

export interface LockoutRules {
  /** Consecutive failed logins that lock the account. */
  readonly maxFailures: number;
  readonly lockMinutes: number;
  /** Null when the profile locks without throttling first. */
  readonly throttle: ThrottleRules | null;
}

/**
 * A password policy profile. Plain frozen data (no methods) so it can be shown by
 * GET /admin/settings and diffed in ConfigurationChanged events.
 */
export interface PasswordPolicy {
  readonly name: PolicyName;
  /** Minimum length in Unicode code points after NFC normalization. */
  readonly minLength: number;
  /** Maximum length in Unicode code points after NFC normalization. */
  readonly maxLength: number;
  /** Hard cap on the raw UTF-8 size, checked before any normalization or hashing. */
  readonly maxBytes: number;
  readonly composition: readonly CompositionRule[];
  /** Days until a password expires; null means it never expires. */
  readonly expiryDays: number | null;
  /** How many previous passwords (the current one included) may not be reused; 0 disables the check. */
  readonly historyCount: number;
  readonly lockout: LockoutRules;
  readonly blocklist: boolean;
}
