import { Value } from '@sinclair/typebox/value';
import { allRpcPatterns, RPC } from './patterns';
import { isRpcPattern, requestSchemaFor, RPC_CATALOGUE, type RpcReply, type RpcRequest } from './rpc-catalogue';
import { proofRuleFor } from './rpc-proof';

describe('RPC_CATALOGUE', () => {
  it('describes every pattern, each with a proof rule, and nothing else', () => {
    const patterns = allRpcPatterns();
    expect(patterns.filter((p) => !isRpcPattern(p))).toEqual([]);
    expect(Object.keys(RPC_CATALOGUE).filter((p) => !patterns.includes(p))).toEqual([]);
    expect(Object.keys(RPC_CATALOGUE).filter((p) => !proofRuleFor(p))).toEqual([]);
    expect(requestSchemaFor('rpc.user.drop-everything')).toBeUndefined();
    expect(requestSchemaFor('toString')).toBeUndefined();
  });

  it('accepts the requests the callers send and refuses a wrong shape', () => {
    const login = requestSchemaFor(RPC.auth.login)!;
    expect(Value.Check(login, { email: 'a@example.test', password: 'pw' })).toBe(true);
    expect(Value.Check(login, { email: 'a@example.test' })).toBe(false);
    expect(Value.Check(login, { email: 'a@example.test', password: 42 })).toBe(false);
    expect(Value.Check(requestSchemaFor(RPC.user.mfa.reset)!, { email: 'a@example.test' })).toBe(true);
    expect(Value.Check(requestSchemaFor(RPC.user.mfa.reset)!, {})).toBe(false);
    expect(Value.Check(requestSchemaFor(RPC.auth.revokeUserTokens)!, { user_id: 'u', session_reason: 'password_reset' })).toBe(true);
    expect(Value.Check(requestSchemaFor(RPC.auth.revokeUserTokens)!, { user_id: 'u', session_reason: 'because' })).toBe(false);
    expect(Value.Check(requestSchemaFor(RPC.ping('audit-service'))!, {})).toBe(true);
  });

  it('infers both sides from the pattern (checked by tsc: a wrong line below fails the typecheck)', () => {
    const request: RpcRequest<typeof RPC.auth.login> = { email: 'a@example.test', password: 'pw' };
    // @ts-expect-error a login request without its password is not one
    const incomplete: RpcRequest<typeof RPC.auth.login> = { email: 'a@example.test' };
    const outcome: RpcReply<typeof RPC.rotation.rotateKeys> = { status: 'scheduled', active_kid: 'k1' };
    // @ts-expect-error a signing-key rotation never answers `unchanged` (only the master key's does)
    const dead: RpcReply<typeof RPC.rotation.rotateKeys> = { status: 'unchanged', active_kid: 'k1' };
    const master: RpcReply<typeof RPC.rotation.rotateMasterKey>['status'] = 'unchanged';
    expect([request, incomplete, outcome, dead, master]).toHaveLength(5);
  });
});
