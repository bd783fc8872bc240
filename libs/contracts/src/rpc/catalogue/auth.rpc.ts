/** auth-service's patterns: logins, sessions, tokens and their revocation, OAuth client checks. */
import { Type, type Static } from '@sinclair/typebox';
import { SESSION_END_REASONS } from '../../events/catalogue';
import { EndSessionsRequestSchema, ListSessionsRequestSchema, type EndSessionsReply, type SessionView } from '../../auth/sessions';
import { MfaChallengeRequestSchema, WebauthnLoginOptionsRequestSchema, type MfaRequiredResponse, type WebauthnOptionsJson } from '../mfa.types';
import { AuthenticateClientRequestSchema, RevokeTokenRequestSchema, type AuthenticatedClient, type RefreshTokenIntrospection } from '../operations.types';
import { RPC } from '../patterns';
import type { IntrospectionReply } from '../rpc-proof';
import { literals, NoArguments, rpc, type Done, type RevocationCutoff } from './rpc-entry';

/** The login body: also what auth-service asks user-service to verify (`rpc.user.verify-credentials`). */
export const LoginRequestSchema = Type.Object({ email: Type.String(), password: Type.String() });
export type LoginRequest = Static<typeof LoginRequestSchema>;

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** Seconds the refresh token stays usable if unused: the idle timeout or the session's end, whichever is first. */
  refresh_expires_in: number;
  password_change_required: boolean;
  /** Only when true: the token's one scope is `mfa:enroll`. */
  mfa_enrollment_required?: true;
}

/** The tokens, or (a user with a second factor) the token of the second step. */
export type LoginResponse = TokenPair | MfaRequiredResponse;

export const RefreshRequestSchema = Type.Object({ refresh_token: Type.String() });

/** The gateway checked the grant type (UNSUPPORTED_GRANT_TYPE) before asking. */
export const ClientCredentialsRequestSchema = Type.Object({
  grant_type: Type.Literal('client_credentials'),
  client_id: Type.String(),
  client_secret: Type.String(),
  scope: Type.Optional(Type.String()),
});
export type ClientCredentialsRequest = Static<typeof ClientCredentialsRequestSchema>;

export interface ClientCredentialsToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export const LogoutRequestSchema = Type.Object({
  jti: Type.String(),
  /** The access token's exp (seconds), so the denial is kept exactly as long as it matters. */
  exp: Type.Number(),
  sub: Type.String(),
  refresh_token: Type.Optional(Type.String()),
});
export type LogoutRequest = Static<typeof LogoutRequestSchema>;

export const RevokeUserRequestSchema = Type.Object({
  user_id: Type.String(),
  reason: Type.Optional(Type.String()),
  /** Recorded on each session this ends (SessionRevoked); `revoked` when absent. */
  session_reason: Type.Optional(literals(SESSION_END_REASONS)),
});
export type RevokeUserRequest = Static<typeof RevokeUserRequestSchema>;

export const RevokeAllRequestSchema = Type.Object({ reason: Type.String() });
export type RevokeAllRequest = Static<typeof RevokeAllRequestSchema>;

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

/** A presented access token (introspection) or refresh token (RFC 7662 for refresh tokens). */
export const TokenRequestSchema = Type.Object({ token: Type.String() });

export const AUTH_RPC = {
  [RPC.auth.login]: rpc(LoginRequestSchema).answers<LoginResponse>(),
  [RPC.auth.mfaChallenge]: rpc(MfaChallengeRequestSchema).answers<TokenPair>(),
  [RPC.auth.mfaWebauthnOptions]: rpc(WebauthnLoginOptionsRequestSchema).answers<WebauthnOptionsJson>(),
  [RPC.auth.refresh]: rpc(RefreshRequestSchema).answers<TokenPair>(),
  [RPC.auth.logout]: rpc(LogoutRequestSchema).answers<Done>(),
  [RPC.auth.clientCredentials]: rpc(ClientCredentialsRequestSchema).answers<ClientCredentialsToken>(),
  [RPC.auth.revokeUserTokens]: rpc(RevokeUserRequestSchema).answers<RevocationCutoff>(),
  [RPC.auth.revokeAll]: rpc(RevokeAllRequestSchema).answers<RevocationCutoff>(),
  [RPC.auth.revocationState]: rpc(NoArguments).answers<RevocationState>(),
  [RPC.auth.listSessions]: rpc(ListSessionsRequestSchema).answers<{ items: SessionView[] }>(),
  [RPC.auth.endSessions]: rpc(EndSessionsRequestSchema).answers<EndSessionsReply>(),
  [RPC.auth.introspect]: rpc(TokenRequestSchema).answers<IntrospectionReply>(),
  [RPC.auth.authenticateClient]: rpc(AuthenticateClientRequestSchema).answers<AuthenticatedClient>(),
  [RPC.auth.revokeToken]: rpc(RevokeTokenRequestSchema).answers<Done>(),
  [RPC.auth.introspectRefresh]: rpc(TokenRequestSchema).answers<RefreshTokenIntrospection>(),
} as const;
