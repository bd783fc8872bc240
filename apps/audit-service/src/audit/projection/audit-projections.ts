/**
 * Which audit duty each event type of the catalogue serves. The mapped type makes a new catalogue
 * entry without a projection a compile error, and `audit-projections.spec.ts` fails for it at run time
 * too: an event the audit log does not know how to file would otherwise be dead-lettered, not recorded.
 */
import type { EventType } from '@tr4ction/contracts';

export type AuditDuty =
  | 'authentication'
  | 'tokens'
  | 'passwords'
  | 'api_keys'
  | 'user_lifecycle'
  | 'permissions'
  | 'account_security'
  | 'key_management'
  | 'configuration'
  | 'backups'
  | 'audit';

export interface AuditProjection {
  duty: AuditDuty;
}

export const AUDIT_PROJECTIONS: { readonly [T in EventType]: AuditProjection } = {
  UserRegistered: { duty: 'user_lifecycle' },
  UserCreated: { duty: 'user_lifecycle' },
  UserDeleted: { duty: 'user_lifecycle' },
  RolesChanged: { duty: 'permissions' },
  LoginSucceeded: { duty: 'authentication' },
  LoginFailed: { duty: 'authentication' },
  AccountLocked: { duty: 'account_security' },
  AccountUnlocked: { duty: 'account_security' },
  PasswordChanged: { duty: 'passwords' },
  PasswordResetByAdmin: { duty: 'passwords' },
  TokenIssued: { duty: 'tokens' },
  TokenRevoked: { duty: 'tokens' },
  RefreshTokenReuseDetected: { duty: 'tokens' },
  AllTokensRevoked: { duty: 'tokens' },
  SecretRotated: { duty: 'key_management' },
  SecretRotationFailed: { duty: 'key_management' },
  SecretRotationStepCompleted: { duty: 'key_management' },
  SigningKeyRevoked: { duty: 'key_management' },
  SigningKeyCreated: { duty: 'key_management' },
  SigningKeyStatusChanged: { duty: 'key_management' },
  ServiceAccountCreated: { duty: 'api_keys' },
  ServiceAccountRevoked: { duty: 'api_keys' },
  ConfigurationChanged: { duty: 'configuration' },
  DatabaseBackupCompleted: { duty: 'backups' },
  DatabaseRestored: { duty: 'backups' },
  AuditCheckpointSigned: { duty: 'audit' },
  ClientAuthenticationFailed: { duty: 'authentication' },
  AuditLogQueried: { duty: 'audit' },
  AdminRead: { duty: 'audit' },
  HistoryQueried: { duty: 'audit' },
  RotationDue: { duty: 'key_management' },
  SessionRevoked: { duty: 'tokens' },
  MfaEnrolled: { duty: 'account_security' },
  MfaRemoved: { duty: 'account_security' },
  MfaReset: { duty: 'account_security' },
  RecoveryCodesRegenerated: { duty: 'account_security' },
  MfaChallengeSucceeded: { duty: 'authentication' },
  MfaChallengeFailed: { duty: 'authentication' },
  RecoveryCodeUsed: { duty: 'authentication' },
  RpcRefused: { duty: 'permissions' },
};

/**
 * The operations runbook's list of what must leave an audit record, and the event types that do.
 * The coverage spec and the end-to-end test both walk it.
 */
export const RUNBOOK_ACTIONS = [
  { action: 'login success', types: ['LoginSucceeded'] },
  { action: 'login failure', types: ['LoginFailed'] },
  { action: 'token generation', types: ['TokenIssued'] },
  { action: 'password change', types: ['PasswordChanged'] },
  { action: 'API key creation', types: ['ServiceAccountCreated'] },
  { action: 'API key revocation', types: ['ServiceAccountRevoked'] },
  { action: 'user creation', types: ['UserRegistered', 'UserCreated'] },
  { action: 'user deletion', types: ['UserDeleted'] },
  { action: 'permission change', types: ['RolesChanged'] },
  { action: 'configuration change', types: ['ConfigurationChanged'] },
  { action: 'database backup', types: ['DatabaseBackupCompleted'] },
] as const satisfies ReadonlyArray<{ action: string; types: readonly EventType[] }>;

export function projectionFor(type: string): AuditProjection | undefined {
  return Object.prototype.hasOwnProperty.call(AUDIT_PROJECTIONS, type) ? AUDIT_PROJECTIONS[type as EventType] : undefined;
}
