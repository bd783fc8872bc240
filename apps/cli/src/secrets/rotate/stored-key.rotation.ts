/**
 * `tr4ction secrets rotate checkpoint-key` (and `master-key --staged`): a staged rotation, through
 * rotation-service, of a key kept in the secrets store (create -> set -> test -> finish), audited as
 * the operator. The key never leaves the store: the answer names the version only.
 */
import { RPC, type StoredSecretRotationRequest } from '@tr4ction/contracts';
import type { CliContext } from '../../framework/cli-context';
import { CliError } from '../../framework/cli-error';
import type { CommandResult } from '../../framework/command-result';
import { EXIT } from '../../framework/exit-codes';

/** Four steps through a store (AWS is a few round trips each) and, for the master key, every stored key re-encrypted. */
const ROTATION_TIMEOUT_MS = 60_000;

const AFTER: Record<'checkpoint_key' | 'master_key', string> = {
  checkpoint_key:
    '  audit-service signs new checkpoints with it once it re-reads the store (AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS); old checkpoints still verify',
  master_key: '  every stored signing key is re-encrypted under it; the old one stays as the previous version in the store',
};

export async function rotateStoredKey(ctx: CliContext, what: 'checkpoint_key' | 'master_key'): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const request: StoredSecretRotationRequest = { what };
  const outcome = await rpc.send(RPC.rotation.rotateStoredSecret, ctx.meta(), request, ROTATION_TIMEOUT_MS);
  const json = { ...outcome, ok: outcome.status === 'rotated' };
  const trace = ctx.traceId ? ` (trace ${ctx.traceId})` : '';
  if (outcome.status === 'rotated') {
    return {
      json,
      human: [`${outcome.id} rotated in the store (version ${outcome.version})`, AFTER[what], `recorded:   SecretRotated {what: ${what}}${trace}`],
    };
  }
  if (outcome.status === 'busy') {
    throw new CliError(
      EXIT.FAILED,
      `a rotation of ${outcome.id} is running right now; nothing else was changed`,
      'run `npx tr4ction secrets status` in a moment',
      'CONFLICT',
    );
  }
  throw new CliError(
    EXIT.FAILED,
    `the rotation of ${outcome.id} stopped at its ${outcome.step} step (${outcome.reason}); the current key still works`,
    'the scheduler resumes it every pass; fix the store (permissions, reachability) or run this command again',
    'ROTATION_FAILED',
  );
}
