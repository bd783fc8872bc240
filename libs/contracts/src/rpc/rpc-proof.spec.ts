import { allRpcPatterns as allPatterns, RPC, SERVICES } from './patterns';
import { proofRuleFor, refusalCode, RPC_PROOF_RULES, type RpcProofRule } from './rpc-proof';

describe('RPC_PROOF_RULES', () => {
  it('has a rule for every pattern, and none for a pattern that does not exist', () => {
    const patterns = allPatterns();
    expect(patterns.filter((p) => !proofRuleFor(p))).toEqual([]);
    expect(Object.keys(RPC_PROOF_RULES).filter((p) => !patterns.includes(p))).toEqual([]);
    expect(proofRuleFor('rpc.user.drop-everything')).toBeUndefined();
    expect(proofRuleFor('toString')).toBeUndefined();
  });

  it('asks an admin for user administration, settings changes, keys, service accounts and revocations', () => {
    const adminOnly = [
      RPC.user.list,
      RPC.user.create,
      RPC.user.delete,
      RPC.user.setRoles,
      RPC.user.unlock,
      RPC.user.resetPassword,
      RPC.user.updateSettings,
      RPC.auth.revokeUserTokens,
      RPC.auth.revokeAll,
      RPC.rotation.listKeys,
      RPC.rotation.rotateKeys,
      RPC.rotation.revokeKey,
      RPC.rotation.listServiceAccounts,
      RPC.rotation.createServiceAccount,
      RPC.rotation.rotateServiceAccount,
      RPC.rotation.revokeServiceAccount,
      RPC.ops.backupCompleted,
      RPC.ops.restoreCompleted,
    ];
    for (const p of adminOnly) expect([p, proofRuleFor(p)]).toEqual([p, expect.objectContaining({ proof: 'end_user', roles: ['admin'] })]);
  });

  it('lets admins and auditors read the audit log, and the subject alone change its password or end its session', () => {
    for (const p of [RPC.audit.query, RPC.audit.export, RPC.audit.verify])
      expect(proofRuleFor(p)).toMatchObject({ proof: 'end_user', roles: ['admin', 'auditor'] });
    for (const p of Object.values(RPC.audit.asOf))
      expect(proofRuleFor(p)).toMatchObject({ proof: 'end_user', roles: ['admin', 'auditor'], scope: 'audit:read' });
    expect(proofRuleFor(RPC.user.changePassword)).toMatchObject({ proof: 'end_user', self: 'user_id', selfOnly: true, passwordChangeScope: true });
    expect(proofRuleFor(RPC.auth.logout)).toMatchObject({ proof: 'end_user', self: 'sub', selfOnly: true });
    for (const p of [RPC.auth.listSessions, RPC.auth.endSessions])
      expect(proofRuleFor(p)).toMatchObject({ proof: 'end_user', roles: ['admin'], self: 'user_id' });
  });

  it('accepts a CLI operator assertion exactly where the CLI has a command', () => {
    const operator = Object.entries(RPC_PROOF_RULES)
      .filter(([, r]) => r.proof === 'end_user' && r.operator)
      .map(([p]) => p)
      .sort();
    expect(operator).toEqual(
      [
        RPC.user.resetPassword,
        RPC.user.mfa.reset,
        RPC.user.defaultAccounts,
        RPC.auth.revokeUserTokens,
        RPC.auth.revokeAll,
        RPC.rotation.listKeys,
        RPC.rotation.rotateKeys,
        RPC.rotation.rotateMasterKey,
        RPC.rotation.revokeKey,
        RPC.rotation.listServiceAccounts,
        RPC.rotation.rotateServiceAccount,
        RPC.rotation.rotateStoredSecret,
        RPC.rotation.secretsStatus,
        RPC.audit.query,
        RPC.audit.export,
        RPC.audit.verify,
        RPC.ops.backupCompleted,
        RPC.ops.restoreCompleted,
        RPC.audit.asOf.users,
        RPC.audit.asOf.userHistory,
      ].sort(),
    );
  });

  it('declares the calls services make on their own authority, with their callers', () => {
    const service = (p: string): RpcProofRule | undefined => proofRuleFor(p);
    expect(service(RPC.user.verifyCredentials)).toEqual({ proof: 'service', callers: ['auth-service'] });
    expect(service(RPC.user.sessionUser)).toEqual({ proof: 'service', callers: ['auth-service'] });
    expect(service(RPC.rotation.activeSigningKey)).toEqual({ proof: 'service', callers: ['auth-service'] });
    expect(service(RPC.rotation.publicKeys)).toMatchObject({ proof: 'service', callers: expect.arrayContaining(['api-gateway', 'user-service']) });
    for (const s of SERVICES) expect(service(RPC.ping(s))).toMatchObject({ proof: 'service' });
    expect(service(RPC.auth.login)).toEqual({ proof: 'credential' });
    expect(service(RPC.user.register)).toEqual({ proof: 'public' });
  });

  it('maps each refusal to the code the gateway turns into 401, 403 or 503', () => {
    expect(refusalCode('proof_missing')).toBe('UNAUTHENTICATED');
    expect(refusalCode('proof_expired')).toBe('INVALID_TOKEN');
    expect(refusalCode('proof_revoked')).toBe('INVALID_TOKEN');
    expect(refusalCode('proof_invalid')).toBe('INVALID_TOKEN');
    expect(refusalCode('insufficient_role')).toBe('FORBIDDEN');
    expect(refusalCode('no_rule')).toBe('FORBIDDEN');
    expect(refusalCode('verifier_not_ready')).toBe('SERVICE_UNAVAILABLE');
  });
});
