/**
 * Step-up: some changes (removing a second factor, new recovery codes) need a recent sign-in, not
 * just a valid token. Access tokens carry `auth_time` (seconds), the sign-in of their session,
 * which refreshes keep: a session older than the limit must sign in again (password and factor).
 */
import type { VerifiedClaims } from '@tr4ction/tokens';
import { GatewayError } from '../http/problem';

export function assertRecentAuthentication(claims: VerifiedClaims | undefined, maxAgeMinutes: number, nowMs: number): void {
  const authTime = claims?.extra.auth_time;
  const fresh = typeof authTime === 'number' && Number.isFinite(authTime) && nowMs - authTime * 1000 <= maxAgeMinutes * 60_000;
  if (!fresh)
    throw new GatewayError(
      'REAUTHENTICATION_REQUIRED',
      `Sign in again (password and second factor) to do this; a sign-in at most ${maxAgeMinutes} minutes old is required`,
    );
}
