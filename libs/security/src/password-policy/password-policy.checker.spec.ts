import { randomInt } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { checkPassword, historyViolation } from './password-policy.checker';
import { getPolicy } from './password-policy.profiles';
import { POLICY_NAMES, type PasswordContext, type PolicyName, type ViolationRule } from './password-policy.types';

const STRONG = 'Vq7#mLp2!zRt9&wK';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%*+-=?@^_~';

/** "Aa1!" plus random characters: passes every composition rule at any length >= 4. */
function strongOfLength(length: number): string {
  let text = 'Aa1!';
  while (text.length < length) text += ALPHABET[randomInt(ALPHABET.length)];
  return text;
}

function rules(name: PolicyName, password: string, context?: PasswordContext): ViolationRule[] {
  return checkPassword(getPolicy(name), password, context)
    .map((violation) => violation.rule)
    .sort();
}

const PERSON: PasswordContext = { email: 'ada.quimbleworth+work@example.com', name: 'Ada Quimbleworth' };

describe(checkPassword.name, () => {
  describe('each rule in each profile', () => {
    // [profile, case, password, context, exact sorted rules expected]
    it.each<[PolicyName, string, string, PasswordContext | undefined, ViolationRule[]]>([
      ['seed', 'strong', STRONG, undefined, []],
      ['seed', '11 chars', 'Vq7#mLp2!zR', undefined, ['min_length']],
      ['seed', '12 chars', 'Vq7#mLp2!zRt', undefined, []],
      ['seed', 'no upper', 'vq7#mlp2!zrt9&wk', undefined, ['uppercase']],
      ['seed', 'no lower', 'VQ7#MLP2!ZRT9&WK', undefined, ['lowercase']],
      ['seed', 'no digit', 'Vqx#mLpa!zRtb&wK', undefined, ['digit']],
      ['seed', 'no symbol', 'Vq7xmLp2azRt9bwK', undefined, ['symbol']],
      ['seed', 'space is not a symbol', 'Vq7 mLp2 zRt9 wK', undefined, ['symbol']],
      ['seed', 'padded common word', 'Password123!', undefined, ['blocklist']],
      ['seed', 'name in password', 'Quimbleworth#2024x', PERSON, ['context']],
      ['seed', 'NUL byte', `${STRONG}\u0000`, undefined, ['invalid_characters']],
      ['seed', 'no letters at all', '1234567890123!', undefined, ['lowercase', 'uppercase']],

      ['nist-800-63b-4', 'strong', STRONG, undefined, []],
      ['nist-800-63b-4', '14 chars', 'Vq7#mLp2!zRt9&', undefined, ['min_length']],
      ['nist-800-63b-4', '15 chars', 'Vq7#mLp2!zRt9&w', undefined, []],
      ['nist-800-63b-4', 'lower case only', 'vqxqmlpazrtbqwkz', undefined, []],
      ['nist-800-63b-4', 'digits only', '830271946502837164', undefined, []],
      ['nist-800-63b-4', 'passphrase with spaces', 'purple tractor under moonlight', undefined, []],
      ['nist-800-63b-4', 'dictionary entry', '1qaz2wsx3edc4rfv', undefined, ['blocklist']],
      ['nist-800-63b-4', 'email local part', 'my-ada.quimbleworth+work-pass', PERSON, ['context']],
      ['nist-800-63b-4', 'tab', 'purple tractor\tunder moonlight', undefined, ['invalid_characters']],

      ['pci-dss-4', 'strong', STRONG, undefined, []],
      ['pci-dss-4', '11 chars', 'vq7xmlp2azr', undefined, ['min_length']],
      ['pci-dss-4', 'letters and digits only', 'vq7xmlp2azrt', undefined, []],
      ['pci-dss-4', 'no letters', '830271946502', undefined, ['letters']],
      ['pci-dss-4', 'no digit', 'Vqxqmlpazrtbqwkz', undefined, ['digit']],
      ['pci-dss-4', 'dictionary entry', '1qaz2wsx3edc4rfv', undefined, ['blocklist']],
      ['pci-dss-4', 'surname part of name', 'xx9quimbleworthxx', { name: 'Ada Quimbleworth' }, ['context']],
      ['pci-dss-4', 'line break', 'vq7xmlp2\nazrt', undefined, ['invalid_characters']],
    ])('%s: %s', (name, _case, password, context, expected) => {
      expect(rules(name, password, context)).toEqual([...expected].sort());
    });
  });

  it('lists every violation at once', () => {
    const context = { email: 'zorblax@example.com' };
    expect(rules('seed', 'zorblax\u0007', context)).toEqual(['context', 'digit', 'invalid_characters', 'min_length', 'symbol', 'uppercase'].sort());
    const huge = `\u0000${'a'.repeat(2000)}`;
    expect(rules('seed', huge)).toEqual(['digit', 'invalid_characters', 'max_length', 'symbol', 'too_long', 'uppercase'].sort());
  });

  describe('length limits', () => {
    it.each(POLICY_NAMES)('%s accepts 64 and 1024 characters', (name) => {
      expect(rules(name, strongOfLength(64))).toEqual([]);
      expect(rules(name, strongOfLength(1024))).toEqual([]);
    });

    it.each(POLICY_NAMES)('%s rejects over 1 KiB', (name) => {
      expect(rules(name, strongOfLength(1025))).toEqual(['max_length', 'too_long']);
      // 515 characters but 1026 bytes: the byte cap alone applies.
      expect(rules(name, `Aa1!${'é'.repeat(511)}`)).toEqual(['too_long']);
    });

    it('counts code points after NFC, not UTF-16 units', () => {
      const decomposed = 'e\u0301'.repeat(14); // 28 units, 14 characters once composed
      expect(rules('nist-800-63b-4', decomposed)).toEqual(['min_length']);
      expect(rules('nist-800-63b-4', `${decomposed}x`)).toEqual([]);
      const emoji = '🔐'.repeat(14); // 28 units, 14 code points
      expect(rules('nist-800-63b-4', emoji)).toEqual(['min_length']);
    });
  });

  describe('odd Unicode', () => {
    it.each([
      ['emoji', '🔐🦄🌶️🎲🧲🪐🛶🎻🧊🦔🪁🥨🧯🛸🪗'],
      ['ZWJ family sequences', '👩‍👩‍👧‍👦👨‍👨‍👦👩‍👧👨‍👧‍👦🧑‍🤝‍🧑'],
      ['combining marks', 'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍a̶̗̬̙͖ͨ̓l̨̢͎̖̯g̰̝͎o̠̦̠'],
      ['RTL Arabic with Arabic-Indic digits', 'كلمة المرور السرية جدا ١٢٣'],
      ['RTL Hebrew mixed with Latin', 'סיסמה ארוכה מאוד Vq7#'],
      ['bidi override', '\u202Egnol yrev si siht\u202C 123'],
      ['lone surrogate', 'abcdefghijklmno\uD800pq'],
      ['non-characters', 'abcdefghijklmno\uFFFF\uFFFE'],
    ])('%s: checked in every profile without throwing', (_case, password) => {
      for (const name of POLICY_NAMES) {
        expect(() => checkPassword(getPolicy(name), password)).not.toThrow();
      }
    });

    it('rejects a lone surrogate, which has no UTF-8 encoding', () => {
      expect(rules('nist-800-63b-4', 'abcdefghijklmno\uD800pq')).toEqual(['invalid_characters']);
    });

    it('treats non-Latin letters and digits as letters and digits', () => {
      expect(rules('pci-dss-4', 'كلمة المرور السرية جدا ١٢٣')).toEqual([]);
      expect(rules('seed', 'ÉCOLE-été-٣-Ωmega')).toEqual([]);
    });

    it('does not alter the password it checks', () => {
      const password = 'Vq7#mLp2!zRt9&wK e\u0301';
      const copy = `${password}`;
      checkPassword(getPolicy('seed'), password);
      expect(password).toBe(copy);
    });
  });

  describe('blocklist', () => {
    const entries = dictionary['passwords-common'];

    it.each(['password', 'iloveyou', 'trustno1', 'sunshine', '1qaz2wsx3edc4rfv'])('rejects dictionary entry %s regardless of case', (entry) => {
      expect(entries).toContain(entry);
      for (const variant of [entry, entry.toUpperCase(), entry[0].toUpperCase() + entry.slice(1)]) {
        expect(rules('nist-800-63b-4', variant)).toContain('blocklist');
      }
    });

    it('rejects a sample of dictionary entries in every profile', () => {
      for (let i = 0; i < 200; i++) {
        const entry = entries[randomInt(entries.length)];
        for (const name of POLICY_NAMES) expect(rules(name, entry)).toContain('blocklist');
      }
    });

    it.each(['Password123!', 'P@ssw0rd', '!!Dragon2024??', 'Sunshine 2025'])('rejects padded common word %s', (password) => {
      expect(rules('seed', password)).toContain('blocklist');
    });

    it('accepts random strong passwords', () => {
      for (let i = 0; i < 50; i++) {
        for (const name of POLICY_NAMES) expect(rules(name, strongOfLength(20))).toEqual([]);
      }
    });
  });

  describe('context', () => {
    it('ignores terms shorter than 4 characters', () => {
      expect(rules('nist-800-63b-4', 'ada-and-bob-went-far', { email: 'ada@example.com', name: 'Bob' })).toEqual([]);
    });

    it('matches case-insensitively', () => {
      expect(rules('nist-800-63b-4', 'correctZORBLAXbatterystaple', { email: 'Zorblax@example.com' })).toEqual(['context']);
    });

    it('passes without context', () => {
      expect(rules('nist-800-63b-4', 'correctzorblaxbatterystaple')).toEqual([]);
    });
  });

  it('never puts the password (or the personal data) in a message', () => {
    const passwords = ['Quimbleworth#2024x', 'Password123!', 'short', '1qaz2wsx3edc4rfv', `secret\u0000value`, strongOfLength(2000), '🔐🔐🔐'];
    for (const name of POLICY_NAMES) {
      for (const password of passwords) {
        const violations = checkPassword(getPolicy(name), password, PERSON);
        for (const { message } of violations) {
          expect(message.length).toBeGreaterThan(0);
          expect(message.toLowerCase()).not.toContain(password.toLowerCase());
          expect(message.toLowerCase()).not.toContain('quimbleworth');
        }
      }
    }
    expect(historyViolation(getPolicy('seed')).message).toContain('5');
  });
});
