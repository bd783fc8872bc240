/**
 * Master-key rotation through rotation-service: after the operator has written the new
 * SIGNING_KEYS_MASTER_KEY (and the old one as SIGNING_KEYS_MASTER_KEY_PREVIOUS) into the secrets
 * provider, every stored private signing key is re-encrypted under the new key in one transaction.
 */
import { RPC } from '@tr4ction/contracts';
import type { CliContext } from '../../framework/cli-context';
import type { CommandResult } from '../../framework/command-result';

/** Re-encrypting is quick, but a loaded machine deserves more than the default RPC timeout. */
const ROTATION_TIMEOUT_MS = 30_000;

export async function rotateMasterKey(ctx: CliContext): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const outcome = await rpc.send(RPC.rotation.rotateMasterKey, ctx.meta(), {}, ROTATION_TIMEOUT_MS);
  const json = { ok: true, ...outcome };
  const trace = ctx.traceId ? ` (trace ${ctx.traceId})` : '';
  if (outcome.status === 'rotated') {
    return {
      json,
      human: [
        `master key rotated: ${outcome.reencrypted} of ${outcome.stored_keys} stored signing key(s) re-encrypted under master key ${outcome.master_key_id}`,
        '  every stored key is now under SIGNING_KEYS_MASTER_KEY: remove SIGNING_KEYS_MASTER_KEY_PREVIOUS from the provider',
        `recorded:   SecretRotated {what: master_key}${trace}`,
      ],
    };
  }
  return {
    json,
    human: [
      `nothing to re-encrypt: all ${outcome.stored_keys} stored signing key(s) are already under master key ${outcome.master_key_id}`,
      '  (write the new key as SIGNING_KEYS_MASTER_KEY and the old one as SIGNING_KEYS_MASTER_KEY_PREVIOUS first)',
    ],
  };
}
