import type { RuntimeSettingsHolder } from '../settings/runtime-settings.holder';
import type { MfaRepository } from './mfa.repository';
import { MfaLoginState, mfaFacts } from './mfa-login-state';

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

describe(MfaLoginState.name, () => {
  /** Fakes (unit test only): a repository that counts its reads, settings requiring MFA of admins. */
  function state() {
    const repository = { confirmedFactors: jest.fn(async () => [{ type: 'totp' }]), recoveryCodesLeft: jest.fn(async () => 10) };
    const settings = { current: () => ({ mfa_required_roles: ['admin'] }) };
    return { repository, login: new MfaLoginState(repository as unknown as MfaRepository, settings as unknown as RuntimeSettingsHolder) };
  }

  it('reads the factors unless the reservation already found none', async () => {
    const { repository, login } = state();
    await expect(login.forUser('u1', ['admin'], false)).resolves.toEqual({ methods: [], enrollmentRequired: true });
    expect(repository.confirmedFactors).not.toHaveBeenCalled();
    await expect(login.forUser('u1', ['admin'], true)).resolves.toEqual({ methods: ['totp', 'recovery_code'], enrollmentRequired: false });
    await expect(login.forUser('u1', ['admin'])).resolves.toEqual({ methods: ['totp', 'recovery_code'], enrollmentRequired: false });
    expect(repository.confirmedFactors).toHaveBeenCalledTimes(2);
  });
});
