import type { VerifiedClaims } from '@tr4ction/tokens';
import { assertRecentAuthentication } from './step-up';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const claims = (extra: Record<string, unknown>) => ({ extra }) as unknown as VerifiedClaims;

describe(assertRecentAuthentication.name, () => {
  it('accepts a sign-in within the window', () => {
    expect(() => assertRecentAuthentication(claims({ auth_time: NOW / 1000 - 299 }), 5, NOW)).not.toThrow();
  });

  it.each([
    ['too old', { auth_time: NOW / 1000 - 301 }],
    ['absent', {}],
    ['not a number', { auth_time: String(NOW / 1000) }],
  ])('refuses an auth_time that is %s with REAUTHENTICATION_REQUIRED', (_name, extra) => {
    expect(() => assertRecentAuthentication(claims(extra), 5, NOW)).toThrow(expect.objectContaining({ code: 'REAUTHENTICATION_REQUIRED' }));
  });
});
