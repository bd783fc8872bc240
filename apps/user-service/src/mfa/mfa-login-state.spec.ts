import { mfaFacts } from './mfa-login-state';

describe(mfaFacts.name, () => {
  it('a confirmed factor makes the login need it; recovery codes are a method only beside a factor', () => {
    expect(mfaFacts(['totp'], 10, ['founder'], [])).toEqual({ methods: ['totp', 'recovery_code'], enrollmentRequired: false });
    expect(mfaFacts(['totp', 'totp'], 0, ['founder'], [])).toEqual({ methods: ['totp'], enrollmentRequired: false });
    expect(mfaFacts([], 3, ['founder'], [])).toEqual({ methods: [], enrollmentRequired: false });
  });

  it('a role in mfa_required_roles without a factor must enrol one; with a factor it just uses it', () => {
    expect(mfaFacts([], 0, ['admin'], ['admin'])).toEqual({ methods: [], enrollmentRequired: true });
    expect(mfaFacts([], 0, ['founder'], ['admin'])).toEqual({ methods: [], enrollmentRequired: false });
    expect(mfaFacts(['totp'], 10, ['admin'], ['admin'])).toEqual({ methods: ['totp', 'recovery_code'], enrollmentRequired: false });
  });
});
