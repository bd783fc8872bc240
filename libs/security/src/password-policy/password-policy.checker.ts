/**
 * Checks a candidate password against a profile and reports every failed rule at once, so a user
 * fixes everything in one round trip. Messages describe the rule, never the password.
 */
import { isCommonPassword } from './common-password.blocklist';
import { containsInvalidCharacters, countCodePoints, exceedsMaxBytes, normalizePassword } from './password-text.util';
import type { CompositionRule, PasswordContext, PasswordPolicy, Violation } from './password-policy.types';

/** Personal terms shorter than this are too common as substrings to reject on. */
const MIN_CONTEXT_TERM_LENGTH = 4;

const COMPOSITION: Readonly<Record<CompositionRule, { pattern: RegExp; message: string }>> = {
  // Unicode classes, so "É" is upper case and "٣" is a digit: users of non-Latin scripts are not
  // forced onto ASCII. Titlecase letters (e.g. "ǅ") count as upper case.
  uppercase: { pattern: /[\p{Lu}\p{Lt}]/u, message: 'Must contain an upper-case letter.' },
  lowercase: { pattern: /\p{Ll}/u, message: 'Must contain a lower-case letter.' },
  digit: { pattern: /\p{Nd}/u, message: 'Must contain a digit.' },
  // Punctuation and symbols (emoji included); a space does not count, so passphrases still need one.
  symbol: { pattern: /[\p{P}\p{S}]/u, message: 'Must contain a symbol such as ! ? # or %.' },
  letters: { pattern: /\p{L}/u, message: 'Must contain a letter.' },
};

export function checkPassword(policy: PasswordPolicy, password: string, context?: PasswordContext): Violation[] {
  const violations: Violation[] = [];
  const normalized = normalizePassword(password);
  const length = countCodePoints(normalized);

  if (length < policy.minLength) {
    violations.push({ rule: 'min_length', message: `Must be at least ${policy.minLength} characters long.` });
  }
  if (length > policy.maxLength) {
    violations.push({ rule: 'max_length', message: `Must be at most ${policy.maxLength} characters long.` });
  }
  // Byte cap on the raw input, the same test PasswordHasher applies before hashing.
  if (exceedsMaxBytes(password)) {
    violations.push({ rule: 'too_long', message: `Must be at most ${policy.maxBytes} bytes when encoded as UTF-8.` });
  }
  if (containsInvalidCharacters(normalized)) {
    violations.push({
      rule: 'invalid_characters',
      message: 'Must not contain control characters such as NUL, tab or line breaks.',
    });
  }
  for (const rule of policy.composition) {
    const { pattern, message } = COMPOSITION[rule];
    if (!pattern.test(normalized)) violations.push({ rule, message });
  }
  if (policy.blocklist && isCommonPassword(normalized)) {
    violations.push({ rule: 'blocklist', message: 'Is too common: it appears in lists of leaked or frequently used passwords.' });
  }
  if (containsPersonalTerm(normalized, context)) {
    violations.push({ rule: 'context', message: 'Must not contain your name or the name part of your email address.' });
  }
  return violations;
}

/** The violation a service reports when PasswordHistory finds a reuse. */
export function historyViolation(policy: PasswordPolicy): Violation {
  return {
    rule: 'history',
    message: `Must not be one of your last ${policy.historyCount} passwords.`,
  };
}

function containsPersonalTerm(normalized: string, context: PasswordContext | undefined): boolean {
  if (context === undefined) return false;
  const haystack = normalized.toLowerCase();
  return personalTerms(context).some((term) => haystack.includes(term));
}

/**
 * The email local part and the name, each whole and split into parts ("ada.lovelace+x" gives
 * "ada.lovelace+x", "lovelace"), so a password built from a surname alone is caught too.
 */
function personalTerms(context: PasswordContext): string[] {
  const terms: string[] = [];
  const email = context.email?.trim();
  if (email) {
    const at = email.lastIndexOf('@');
    const local = at > 0 ? email.slice(0, at) : email;
    terms.push(local, ...local.split(/[._+-]+/));
  }
  const name = context.name?.trim();
  if (name) terms.push(name, ...name.split(/[\s\p{P}]+/u));
  return terms.map((term) => term.normalize('NFC').toLowerCase()).filter((term) => countCodePoints(term) >= MIN_CONTEXT_TERM_LENGTH);
}
