/**
 * The reply of `rpc.user.me` (and the body of `GET /auth/me`, docs/api.md): user-service builds it,
 * the gateway caches and serves it.
 */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  password_expires_at: string | null;
  password_change_required: boolean;
  /** Only in the reply of `rpc.user.me`: the user's roles demand a second factor they do not have (the token may only enrol one). */
  mfa_enrollment_required?: boolean;
}
