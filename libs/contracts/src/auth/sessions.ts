/**
 * Sessions (`/auth/sessions` in docs/api.md): one per sign-in, the refresh-token family whose id is the
 * `sid` claim of every access token it produced. auth-service owns them; the gateway serves them.
 */
import { Type, type Static } from '@sinclair/typebox';

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

export const ListSessionsRequestSchema = Type.Object({
  user_id: Type.String(),
  /** The caller's own session (its `sid`), marked `current`. */
  current_session_id: Type.Optional(Type.String()),
});
export type ListSessionsRequest = Static<typeof ListSessionsRequestSchema>;

/**
 * Ends sessions of one user: the one named by `session_id`, or every one except `except_session_id`
 * (none excepted when absent). `reason`: the user themself, an admin, or the user's password change.
 */
export const EndSessionsRequestSchema = Type.Object({
  user_id: Type.String(),
  session_id: Type.Optional(Type.String()),
  except_session_id: Type.Optional(Type.String()),
  reason: Type.Union([Type.Literal('user'), Type.Literal('admin'), Type.Literal('password_changed')]),
});
export type EndSessionsRequest = Static<typeof EndSessionsRequestSchema>;

/** The sessions that ended (so the answering gateway can reject their tokens at once). */
export interface EndSessionsReply {
  ended: string[];
}
