import { isStateChangingRpc, READ_ONLY_RPC } from './rpc-idempotency';
import { RPC, SERVICES } from './patterns';

function allPatterns(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (typeof node === 'function') return SERVICES.map((s) => (node as (s: string) => string)(s));
  return Object.values(node as Record<string, unknown>).flatMap(allPatterns);
}

describe('RPC idempotency classification', () => {
  it('names only real patterns as read-only', () => {
    const known = new Set(allPatterns(RPC));
    expect([...READ_ONLY_RPC].filter((p) => !known.has(p))).toEqual([]);
  });

  it('deduplicates every write the issue names, and any pattern it does not know', () => {
    for (const p of [
      RPC.auth.login,
      RPC.auth.refresh,
      RPC.user.register,
      RPC.user.changePassword,
      RPC.user.verifyCredentials,
      RPC.user.setRoles,
      RPC.auth.mfaChallenge,
      RPC.rotation.rotateKeys,
    ])
      expect(isStateChangingRpc(p)).toBe(true);
    expect(isStateChangingRpc('rpc.someone.new-handler')).toBe(true);
    expect(isStateChangingRpc(RPC.auth.introspect)).toBe(false);
  });
});
