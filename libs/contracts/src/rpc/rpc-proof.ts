/**
 * Who may ask what over request/reply, and what proof the request must carry. One table for the
 * whole platform: every service applies one guard that reads it, so a handler without an entry is
 * refused, and no handler trusts "the gateway already checked".
 *
 * - `end_user`: the request carries the end user's access token (forwarded by the gateway) or,
 *   where `operator` is set, a CLI operator assertion signed with the CLI identity's own key; the
 *   receiving service verifies it and checks the roles (or the token's own subject) itself.
 * - `service`: a service acting on its own authority (key and revocation loading, readiness, metrics,
 *   credential checks). `callers` names the identities that may send it; the bus permissions of
 *   each identity enforce that list, and the request carries no end-user authority to abuse.
 * - `credential`: the payload carries its own secret (a password, a refresh token, a client
 *   secret), which the handler verifies; nothing else is needed or trusted.
 * - `public`: anyone may ask (self-registration, behind the gateway's rate limits).
 */
import type { Role } from '../auth/roles';
import type { Scope } from '../auth/scopes';
import type { ServiceName } from './patterns';
import { RPC, SERVICES } from './patterns';

/** What travels in `RequestMeta.proof`. Never logged, never put in an event or an error. */
export type RequestProof = { kind: 'access_token'; token: string } | { kind: 'operator_assertion'; assertion: string };

/** The end user a verified access token stands for: all a proof check needs from it. */
export interface ProvenTokenSubject {
  sub: string;
  roles: readonly string[];
  scope: string;
  /** Set for a service account's token (client_credentials). */
  client_id?: string;
}

/** `rpc.auth.introspect` (HS256 mode): auth-service's verdict on a presented access token. */
export type IntrospectionReply = { active: true; subject: ProvenTokenSubject } | { active: false; reason: 'not_ready' | 'invalid' | 'expired' | 'revoked' };

export interface EndUserProofRule {
  proof: 'end_user';
  /** Any one of these roles allows the request; empty means any verified token. */
  roles: readonly Role[];
  /**
   * A token carrying this scope is allowed too: a service account's token has no roles, only the
   * scopes granted to it (the same scope the gateway route requires, `ROUTE_SCOPES`).
   */
  scope?: Scope;
  /** The payload field naming the user: a token whose subject equals it may act on itself. */
  self?: 'user_id' | 'sub';
  /** With `self`: only the subject itself, whatever its roles (its own password, its own session). */
  selfOnly?: boolean;
  /** A CLI operator assertion is accepted (the commands of the `tr4ction` CLI). */
  operator?: boolean;
  /** A token limited to `password:change` may ask this (the forced change itself, logout). */
  passwordChangeScope?: boolean;
  /** A token limited to `mfa:enroll` may ask this (reading and enrolling a second factor, logout). */
  mfaEnrollScope?: boolean;
}

export type RpcProofRule = EndUserProofRule | { proof: 'service'; callers: readonly ServiceName[] } | { proof: 'credential' } | { proof: 'public' };

/** Why a request was refused; a fixed vocabulary (it is audited and counted, so never free text). */
export type RpcRefusalReason =
  | 'no_rule'
  | 'proof_missing'
  | 'proof_invalid'
  | 'proof_expired'
  | 'proof_revoked'
  | 'proof_replayed'
  | 'insufficient_role'
  | 'not_subject'
  | 'password_change_required'
  | 'mfa_enrollment_required'
  | 'operator_not_allowed'
  | 'verifier_not_ready';

/** An operator assertion lives this long: long enough for a slow bus, too short to be worth stealing. */
export const OPERATOR_ASSERTION_TTL_SECONDS = 60;

const ALL_CALLERS: readonly ServiceName[] = [...SERVICES, 'api-gateway'];
const admin = (scope: Scope | undefined, operator = false): EndUserProofRule => ({
  proof: 'end_user',
  roles: ['admin'],
  ...(scope ? { scope } : {}),
  ...(operator ? { operator } : {}),
});
/** The user's own second factors; `enrol` also for a token limited to `mfa:enroll` (a role that requires one). */
const ownMfa = (enrol = false): EndUserProofRule => ({
  proof: 'end_user',
  roles: [],
  self: 'user_id',
  selfOnly: true,
  ...(enrol ? { mfaEnrollScope: true } : {}),
});
const auditReader: EndUserProofRule = { proof: 'end_user', roles: ['admin', 'auditor'], scope: 'audit:read', operator: true };
/** Point-in-time reads the CLI does not ask: the audit readers, without operator assertions. */
const historyReader: EndUserProofRule = { proof: 'end_user', roles: ['admin', 'auditor'], scope: 'audit:read' };

export const RPC_PROOF_RULES: Readonly<Record<string, RpcProofRule>> = {
  ...Object.fromEntries(SERVICES.map((s) => [RPC.ping(s), { proof: 'service', callers: ['api-gateway', 'cli'] }])),
  ...Object.fromEntries(SERVICES.map((s) => [RPC.metrics(s), { proof: 'service', callers: ['api-gateway'] }])),

  [RPC.user.register]: { proof: 'public' },
  [RPC.user.verifyCredentials]: { proof: 'service', callers: ['auth-service'] },
  [RPC.user.changePassword]: { proof: 'end_user', roles: [], self: 'user_id', selfOnly: true, passwordChangeScope: true },
  [RPC.user.me]: { proof: 'end_user', roles: ['admin'], scope: 'users:read', self: 'user_id' },
  [RPC.user.sessionUser]: { proof: 'service', callers: ['auth-service'] },
  [RPC.user.list]: admin('users:read'),
  [RPC.user.create]: admin('users:write'),
  [RPC.user.delete]: admin('users:write'),
  [RPC.user.setRoles]: admin('users:write'),
  [RPC.user.unlock]: admin('users:write'),
  [RPC.user.resetPassword]: admin('users:write', true),
  // The snapshot every follower loads at boot: no secret in it, and changing it needs an admin.
  [RPC.user.settings]: { proof: 'service', callers: [...ALL_CALLERS, 'cli'] },
  [RPC.user.updateSettings]: admin('settings:write'),
  // Names admin accounts that are wide open: an operator (`tr4ction doctor`) or an admin only.
  [RPC.user.defaultAccounts]: admin('users:read', true),
  [RPC.user.mfa.status]: ownMfa(true),
  [RPC.user.mfa.startTotp]: ownMfa(true),
  [RPC.user.mfa.confirmTotp]: ownMfa(true),
  [RPC.user.mfa.remove]: ownMfa(),
  [RPC.user.mfa.regenerateRecoveryCodes]: ownMfa(),
  // The lost-device procedure: an admin in the console, or an operator (`tr4ction admin reset-mfa`).
  [RPC.user.mfa.reset]: admin('users:write', true),
  // The second step of a login: the mfa_token in the payload proved the password, auth-service asks.
  [RPC.user.mfa.verify]: { proof: 'service', callers: ['auth-service'] },
  [RPC.user.mfa.webauthnRegistrationOptions]: ownMfa(true),
  [RPC.user.mfa.webauthnRegister]: ownMfa(true),
  // Asked for the login waiting on an mfa_token, which auth-service checked.
  [RPC.user.mfa.webauthnAuthenticationOptions]: { proof: 'service', callers: ['auth-service'] },

  [RPC.auth.login]: { proof: 'credential' },
  // The mfa_token (and the code) in the payload is the proof.
  [RPC.auth.mfaChallenge]: { proof: 'credential' },
  // The mfa_token in the payload is the proof: the options are only for the login it belongs to.
  [RPC.auth.mfaWebauthnOptions]: { proof: 'credential' },
  [RPC.auth.refresh]: { proof: 'credential' },
  [RPC.auth.clientCredentials]: { proof: 'credential' },
  [RPC.auth.logout]: { proof: 'end_user', roles: [], self: 'sub', selfOnly: true, passwordChangeScope: true, mfaEnrollScope: true },
  // A user's own sessions, or an admin's view of anyone's; the forced password change ends the others.
  [RPC.auth.listSessions]: { proof: 'end_user', roles: ['admin'], scope: 'users:read', self: 'user_id' },
  [RPC.auth.endSessions]: { proof: 'end_user', roles: ['admin'], scope: 'tokens:revoke', self: 'user_id', passwordChangeScope: true },
  [RPC.auth.revokeUserTokens]: admin('tokens:revoke', true),
  [RPC.auth.revokeAll]: admin('tokens:revoke', true),
  [RPC.auth.revocationState]: { proof: 'service', callers: ALL_CALLERS },
  [RPC.auth.introspect]: { proof: 'service', callers: ALL_CALLERS },
  // OAuth (RFC 7662 / 7009): the client secret, or the refresh token asked about, is in the payload.
  [RPC.auth.authenticateClient]: { proof: 'credential' },
  [RPC.auth.introspectRefresh]: { proof: 'credential' },
  // The gateway authenticated the revoking client (authenticate-client) and checked its right to
  // this token; the request names the token by jti, so it carries no proof of its own yet.
  [RPC.auth.revokeToken]: { proof: 'service', callers: ['api-gateway'] },

  [RPC.rotation.publicKeys]: { proof: 'service', callers: ALL_CALLERS },
  [RPC.rotation.activeSigningKey]: { proof: 'service', callers: ['auth-service'] },
  [RPC.rotation.verifyClient]: { proof: 'service', callers: ['auth-service'] },
  [RPC.rotation.listKeys]: admin('keys:read', true),
  [RPC.rotation.rotateKeys]: admin('keys:rotate', true),
  [RPC.rotation.rotateMasterKey]: admin('keys:rotate', true),
  [RPC.rotation.revokeKey]: admin('keys:rotate', true),
  [RPC.rotation.listServiceAccounts]: admin('service-accounts:read', true),
  [RPC.rotation.createServiceAccount]: admin('service-accounts:write'),
  [RPC.rotation.rotateServiceAccount]: admin('service-accounts:write', true),
  [RPC.rotation.revokeServiceAccount]: admin('service-accounts:write'),
  [RPC.rotation.rotateStoredSecret]: admin('keys:rotate', true),
  [RPC.rotation.secretsStatus]: admin('keys:read', true),

  [RPC.audit.query]: auditReader,
  [RPC.audit.export]: auditReader,
  [RPC.audit.verify]: auditReader,
  [RPC.audit.metrics]: { proof: 'service', callers: ['api-gateway'] },
  // The gateway reports a read it refused: the caller's own (valid, under-privileged) token proves who.
  [RPC.audit.refusedRead]: { proof: 'end_user', roles: [] },
  // The gateway reports a caller's admin reads (collapsed per window): the reader's own token proves who.
  [RPC.audit.adminRead]: { proof: 'end_user', roles: [] },
  // Point-in-time reads answer from the audit trail: the audit readers' rule; operators for the two the CLI asks
  // (`tr4ction as-of <time> users`, `tr4ction history user`).
  ...Object.fromEntries(Object.values(RPC.audit.asOf).map((p) => [p, historyReader])),
  [RPC.audit.asOf.users]: auditReader,
  [RPC.audit.asOf.userHistory]: auditReader,

  [RPC.ops.backupCompleted]: admin(undefined, true),
  [RPC.ops.restoreCompleted]: admin(undefined, true),
};

/** The rule for a pattern, or undefined: a pattern with no rule is refused. */
export function proofRuleFor(pattern: string): RpcProofRule | undefined {
  return Object.prototype.hasOwnProperty.call(RPC_PROOF_RULES, pattern) ? RPC_PROOF_RULES[pattern] : undefined;
}

/** The error code a refusal answers with, which the gateway maps to 401, 403 or 503 problem JSON. */
export function refusalCode(
  reason: RpcRefusalReason,
): 'UNAUTHENTICATED' | 'INVALID_TOKEN' | 'FORBIDDEN' | 'PASSWORD_CHANGE_REQUIRED' | 'MFA_ENROLLMENT_REQUIRED' | 'SERVICE_UNAVAILABLE' {
  switch (reason) {
    case 'proof_missing':
      return 'UNAUTHENTICATED';
    case 'proof_invalid':
    case 'proof_expired':
    case 'proof_revoked':
    case 'proof_replayed':
      return 'INVALID_TOKEN';
    case 'password_change_required':
      return 'PASSWORD_CHANGE_REQUIRED';
    case 'mfa_enrollment_required':
      return 'MFA_ENROLLMENT_REQUIRED';
    case 'verifier_not_ready':
      return 'SERVICE_UNAVAILABLE';
    default:
      return 'FORBIDDEN';
  }
}
