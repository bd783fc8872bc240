import { generateSync } from 'otplib';
import { matchTotp, newTotpSecret, totpUri } from './totp';

/** The clock is a parameter: every instant here is fixed, no waiting. */
const T0 = Date.UTC(2030, 0, 1, 12, 0, 15);
const STEP = Math.floor(T0 / 1000 / 30);
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe(matchTotp.name, () => {
  const secret = newTotpSecret();

  it('accepts the current code and reports its time step', () => {
    expect(matchTotp(secret, codeAt(secret, T0), T0, null)).toEqual({ kind: 'ok', step: STEP });
  });

  it('accepts the codes of one step before and after (clock drift), not two', () => {
    expect(matchTotp(secret, codeAt(secret, T0 - 30_000), T0, null)).toEqual({ kind: 'ok', step: STEP - 1 });
    expect(matchTotp(secret, codeAt(secret, T0 + 30_000), T0, null)).toEqual({ kind: 'ok', step: STEP + 1 });
    expect(matchTotp(secret, codeAt(secret, T0 - 60_000), T0, null).kind).toBe('wrong');
    expect(matchTotp(secret, codeAt(secret, T0 + 60_000), T0, null).kind).toBe('wrong');
  });

  it('refuses a code at or before the last accepted step as a replay, inside its window', () => {
    const code = codeAt(secret, T0);
    expect(matchTotp(secret, code, T0 + 5_000, STEP)).toEqual({ kind: 'replayed' });
    expect(matchTotp(secret, codeAt(secret, T0 - 30_000), T0, STEP)).toEqual({ kind: 'replayed' });
    expect(matchTotp(secret, codeAt(secret, T0 + 30_000), T0 + 30_000, STEP)).toEqual({ kind: 'ok', step: STEP + 1 });
  });

  it.each(['', '12345', '1234567', 'abcdef', '12 34 5x'])('refuses %j without checking', (code) => {
    expect(matchTotp(secret, code, T0, null).kind).toBe('wrong');
  });

  it('refuses the code of another secret', () => {
    expect(matchTotp(newTotpSecret(), codeAt(secret, T0), T0, null).kind).toBe('wrong');
  });
});

describe(totpUri.name, () => {
  it('is an otpauth URI with the issuer, the account and the RFC 6238 parameters the apps read', () => {
    const uri = new URL(totpUri('JBSWY3DPEHPK3PXP', 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toContain('TR4CTION:ada@example.com');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('TR4CTION');
  });

  it('uses 160-bit secrets (32 base32 characters)', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });
});
