import { randomBytes } from 'node:crypto';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes';

describe('recovery codes', () => {
  const key = randomBytes(32);

  it('are ten distinct codes of two groups of five', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
  });

  it('hash the same whatever the case, dashes, blanks or look-alike letters', () => {
    const [code] = newRecoveryCodes(1);
    const expected = hashRecoveryCode(key, 'u1', code);
    expect(hashRecoveryCode(key, 'u1', ` ${code.toUpperCase().replace('-', ' ')} `)).toBe(expected);
    expect(normalizeRecoveryCode('O0il1-abcde')).toBe('00111abcde');
  });

  it('hash differently for another user or another key (a copied row does not match)', () => {
    const [code] = newRecoveryCodes(1);
    const h = hashRecoveryCode(key, 'u1', code);
    expect(hashRecoveryCode(key, 'u2', code)).not.toBe(h);
    expect(hashRecoveryCode(randomBytes(32), 'u1', code)).not.toBe(h);
    expect(h).not.toContain(code.replace('-', ''));
  });

  it.each(['', 'short', 'abcde-fghij-k', 'abcde-fghiu', '123456'])('refuse %j as no code at all', (code) => {
    expect(hashRecoveryCode(key, 'u1', code)).toBeUndefined();
  });
});
