/**
 * Rotations the engine could not finish, from rotation-service (`rpc.rotation.secrets-status`):
 * a credential whose last staged rotation stopped at a step (SecretRotationFailed) fails the check.
 * The scheduler keeps retrying, but a store that refuses writes or a secret that does not test
 * needs a person; a rotation under way for a while is only worth a look.
 */
import { RPC, type CredentialStatus } from '@tr4ction/contracts';
import { fail, pass, warn, type DoctorCheck } from '../doctor-check';

export const rotationFailuresCheck: DoctorCheck = {
  id: 'rotation-failures',
  title: 'every unattended rotation finished its last run',
  async run(ctx) {
    const rpc = await ctx.rpc();
    const { items } = await rpc.send(RPC.rotation.secretsStatus, ctx.meta(), {});
    const name = (i: CredentialStatus) => `${i.credential}${i.id ? ` ${i.id}` : ''}`;
    const failed = items.filter((i) => i.last_result.startsWith('failed'));
    if (failed.length) {
      return fail(
        `stopped: ${failed.map((i) => `${name(i)} (${i.last_result.slice('failed:'.length)})`).join(', ')}`,
        'see SecretRotationFailed in the audit log and `tr4ction secrets status`; fix the store, then `tr4ction secrets rotate service-account <id>` or wait for the next scheduler pass',
      );
    }
    const underway = items.filter((i) => i.last_result === 'in_progress');
    if (underway.length) return warn(`under way: ${underway.map(name).join(', ')}`, 'the scheduler finishes it on its next pass; check again in a minute');
    const unattended = items.filter((i) => i.last_result !== 'manual').length;
    return pass(`no failed rotation (${unattended} credential(s) rotated by the engine, ${items.length - unattended} by operators)`);
  },
};
