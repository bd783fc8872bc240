/**
 * Sessions (`/auth/sessions` in docs/api.md): one per sign-in, the refresh-token family whose id is the
 * `sid` claim of every access token it produced. auth-service owns them; the gateway serves them.
 */

/** One item of `GET /auth/sessions` and `GET /admin/users/:id/sessions`. */
export interface SessionView {
  id: string;
  created_at: string;
  /** The sign-in or the latest refresh. */
  last_used_at: string;
  ip: string | null;
  user_agent: string | null;
  /** The session of the access token that asked. */
  current: boolean;
}

export interface ListSessionsRequest {
  user_id: string;
  /** The caller's own session (its `sid`), marked `current`. */
  current_session_id?: string;
}

/**
 * Ends sessions of one user: the one named by `session_id`, or every one except `except_session_id`
 * (none excepted when absent). `reason`: the user themself, an admin, or the user's password change.
 */
export interface EndSessionsRequest {
  user_id: string;
  session_id?: string;
  except_session_id?: string;
  reason: 'user' | 'admin' | 'password_changed';
}

/** The sessions that ended (so the answering gateway can reject their tokens at once). */
export interface EndSessionsReply {
  ended: string[];
}
