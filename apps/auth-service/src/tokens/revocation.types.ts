import type { SessionEndReason } from '@tr4ction/contracts';

/** Everything a gateway needs to reject revoked tokens locally, as of now. */
export interface RevocationState {
  issuer: string;
  /** Denied access tokens that have not expired yet. */
  denied: Array<{ jti: string; expires_at: string }>;
  /** Per-subject cutoffs recent enough to still matter for a live token. */
  user_cutoffs: Array<{ user_id: string; not_before: string }>;
  global_not_before: string | null;
  /** Ended sessions whose access tokens may still be live: rejected by their `sid` claim until `until`. */
  denied_sessions: Array<{ sid: string; until: string }>;
  /** When this snapshot was taken (auth-service clock). */
  as_of: string;
}

export interface LogoutRequest {
  jti: string;
  /** The access token's exp (seconds), so the denial is kept exactly as long as it matters. */
  exp: number;
  sub: string;
  refresh_token?: string;
}

export interface RevokeUserRequest {
  user_id: string;
  reason?: string;
  /** Recorded on each session this ends (SessionRevoked); `revoked` when absent. */
  session_reason?: SessionEndReason;
}

export interface RevokeAllRequest {
  reason: string;
}
