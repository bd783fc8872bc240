/**
 * Request/reply patterns over core NATS (gateway -> services). Each service listens in a queue
 * group named after itself, so any number of replicas share the load.
 */
export const SERVICES = ['auth-service', 'user-service', 'audit-service', 'rotation-service'] as const;
export type ServiceName = (typeof SERVICES)[number] | 'api-gateway' | 'cli';

/** A service that answers request/reply (the gateway and the CLI only ask). */
export type RpcService = (typeof SERVICES)[number];

export const RPC = {
  ping: <S extends RpcService>(service: S) => `rpc.${service}.ping` as const,
  /** The service process's Prometheus text, gathered by the gateway's /metrics. */
  metrics: <S extends RpcService>(service: S) => `rpc.${service}.metrics` as const,
  user: {
    register: 'rpc.user.register',
    verifyCredentials: 'rpc.user.verify-credentials',
    changePassword: 'rpc.user.change-password',
    me: 'rpc.user.me',
    /** The same profile for auth-service refreshing a session on its own authority (the refresh token proved the user). */
    sessionUser: 'rpc.user.session-user',
    list: 'rpc.user.list',
    create: 'rpc.user.create',
    delete: 'rpc.user.delete',
    setRoles: 'rpc.user.set-roles',
    unlock: 'rpc.user.unlock',
    resetPassword: 'rpc.user.reset-password',
    /** Runtime settings (owned by user-service): the snapshot, and an admin's change. */
    settings: 'rpc.user.settings',
    updateSettings: 'rpc.user.update-settings',
    /** Which of the runbook's default accounts still accept their default password (`tr4ction doctor`). */
    defaultAccounts: 'rpc.user.default-accounts',
    /** Second factors and recovery codes (owned by user-service). */
    mfa: {
      status: 'rpc.user.mfa.status',
      startTotp: 'rpc.user.mfa.start-totp',
      confirmTotp: 'rpc.user.mfa.confirm-totp',
      remove: 'rpc.user.mfa.remove',
      regenerateRecoveryCodes: 'rpc.user.mfa.regenerate-recovery-codes',
      verify: 'rpc.user.mfa.verify',
      reset: 'rpc.user.mfa.reset',
      webauthnRegistrationOptions: 'rpc.user.mfa.webauthn-registration-options',
      webauthnRegister: 'rpc.user.mfa.webauthn-register',
      /** The request options of a login's second step; only auth-service asks (it holds the mfa_token). */
      webauthnAuthenticationOptions: 'rpc.user.mfa.webauthn-authentication-options',
    },
  },
  auth: {
    login: 'rpc.auth.login',
    mfaChallenge: 'rpc.auth.mfa-challenge',
    mfaWebauthnOptions: 'rpc.auth.mfa-webauthn-options',
    refresh: 'rpc.auth.refresh',
    logout: 'rpc.auth.logout',
    clientCredentials: 'rpc.auth.client-credentials',
    revokeUserTokens: 'rpc.auth.revoke-user-tokens',
    revokeAll: 'rpc.auth.revoke-all',
    revocationState: 'rpc.auth.revocation-state',
    listSessions: 'rpc.auth.list-sessions',
    endSessions: 'rpc.auth.end-sessions',
    /** HS256 mode: only auth-service holds the secret, so the others ask it to verify a presented token. */
    introspect: 'rpc.auth.introspect',
    /** OAuth client authentication at /oauth/introspect and /oauth/revoke (failures recorded). */
    authenticateClient: 'rpc.auth.authenticate-client',
    /** RFC 7009: revoke one access token (by jti) or one refresh token's family. */
    revokeToken: 'rpc.auth.revoke-token',
    /** RFC 7662 for refresh tokens: whether one is live, and its claims. */
    introspectRefresh: 'rpc.auth.introspect-refresh',
  },
  rotation: {
    publicKeys: 'rpc.rotation.public-keys',
    activeSigningKey: 'rpc.rotation.active-signing-key',
    listKeys: 'rpc.rotation.list-keys',
    rotateKeys: 'rpc.rotation.rotate-keys',
    rotateMasterKey: 'rpc.rotation.rotate-master-key',
    revokeKey: 'rpc.rotation.revoke-key',
    listServiceAccounts: 'rpc.rotation.list-service-accounts',
    createServiceAccount: 'rpc.rotation.create-service-account',
    rotateServiceAccount: 'rpc.rotation.rotate-service-account',
    revokeServiceAccount: 'rpc.rotation.revoke-service-account',
    verifyClient: 'rpc.rotation.verify-client',
    /** Staged rotation of a credential kept in a secret store (service-account secret, HS256 secret), now. */
    rotateStoredSecret: 'rpc.rotation.rotate-stored-secret',
    /** Every credential the platform owns: store, age, next rotation, last result. */
    secretsStatus: 'rpc.rotation.secrets-status',
  },
  audit: {
    query: 'rpc.audit.query',
    verify: 'rpc.audit.verify',
    export: 'rpc.audit.export',
    metrics: 'rpc.audit.metrics',
    /** A read the gateway refused (403): recorded as a failed AuditLogQueried, answered with nothing. */
    refusedRead: 'rpc.audit.refused-read',
    /** Admin reads of one caller and route, collapsed by the gateway: recorded as AdminRead. */
    adminRead: 'rpc.audit.admin-read',
    /** Point-in-time reads (recorded as HistoryQueried): state as of an instant, with evidence. */
    asOf: {
      users: 'rpc.audit.as-of.users',
      user: 'rpc.audit.as-of.user',
      userHistory: 'rpc.audit.as-of.user-history',
      settings: 'rpc.audit.as-of.settings',
      keys: 'rpc.audit.as-of.keys',
      serviceAccounts: 'rpc.audit.as-of.service-accounts',
    },
  },
  /** Operator actions done outside the services (pg_dump, pg_restore) and recorded through them. */
  ops: {
    backupCompleted: 'rpc.ops.backup-completed',
    restoreCompleted: 'rpc.ops.restore-completed',
  },
} as const;

type PatternTree = string | ((service: RpcService) => string) | { readonly [key: string]: PatternTree };

/** Every pattern string of RPC, the per-service ones expanded and nested groups (RPC.user.mfa) walked. */
export function allRpcPatterns(tree: PatternTree = RPC): string[] {
  if (typeof tree === 'string') return [tree];
  if (typeof tree === 'function') return SERVICES.map((s) => tree(s));
  return Object.values(tree).flatMap((value) => allRpcPatterns(value));
}

/** What a failed RPC carries back: a stable code the gateway maps to HTTP problem JSON. */
export interface RpcErrorPayload {
  code: string;
  message: string;
  violations?: Array<{ rule: string; message: string }>;
  retry_after_seconds?: number;
}
