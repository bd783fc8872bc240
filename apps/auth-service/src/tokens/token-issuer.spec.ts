import { MFA_ENROLL_SCOPE, PASSWORD_CHANGE_SCOPE, sessionScope } from './token-issuer';

describe(sessionScope.name, () => {
  it('limits the token to the password change first, then to the factor enrolment, else the scopes of the roles', () => {
    expect(sessionScope({ roles: ['admin'], password_change_required: true, mfa_enrollment_required: true })).toBe(PASSWORD_CHANGE_SCOPE);
    expect(sessionScope({ roles: ['admin'], password_change_required: false, mfa_enrollment_required: true })).toBe(MFA_ENROLL_SCOPE);
    expect(sessionScope({ roles: ['auditor'], password_change_required: false, mfa_enrollment_required: false })).toBe('audit:read');
    expect(sessionScope({ roles: ['founder'], password_change_required: false })).toBe('');
  });
});
