import { RPC } from '@tr4ction/contracts';
import { fail, pass, type DoctorCheck } from '../doctor-check';

export const auditChainCheck: DoctorCheck = {
  id: 'audit-chain',
  title: 'the audit hash chain verifies',
  timeoutMs: 130_000,
  async run(ctx) {
    const rpc = await ctx.rpc();
    const result = await rpc.send(RPC.audit.verify, ctx.meta(), {}, 120_000);
    if (result.ok) return pass(`${result.checked} records, head seq ${result.head?.seq ?? 0}`);
    return fail(
      `broken at seq ${result.first_bad_seq ?? '?'} (${result.reason ?? 'unknown'}); ${result.checked} records still verify`,
      'do not go live: run `tr4ction audit verify`, preserve a backup, and investigate (docs/runbooks/emergency-revocation.md)',
    );
  },
};
