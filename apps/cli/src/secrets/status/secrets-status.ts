/**
 * `tr4ction secrets status`: every credential the platform owns, from rotation-service: where it
 * lives, its age, its next rotation and the last result. Never a value.
 */
import { RPC, type CredentialStatus } from '@tr4ction/contracts';
import type { CliContext } from '../../framework/cli-context';
import type { CommandResult } from '../../framework/command-result';
import { table } from '../../history/history-format';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function secretsStatus(ctx: CliContext, now: Date = new Date()): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const { items } = await rpc.send(RPC.rotation.secretsStatus, ctx.meta(), {});
  const failed = items.filter((i) => i.last_result.startsWith('failed'));
  return {
    json: { ok: failed.length === 0, items },
    human: [
      ...formatStatus(items, now),
      ...(failed.length > 0 ? ['', `${failed.length} rotation(s) failing: the scheduler retries each pass; see SecretRotationFailed in the audit log`] : []),
    ],
  };
}

export function formatStatus(items: CredentialStatus[], now: Date): string[] {
  return table(
    ['CREDENTIAL', 'ID', 'STORE', 'NAME', 'AGE', 'NEXT ROTATION', 'LAST RESULT'],
    items.map((i) => [i.credential, i.id ?? '-', i.store, i.name ?? '-', age(i.last_rotated_at, now), i.next_rotation_at ?? '-', i.last_result]),
  );
}

function age(since: string | null, now: Date): string {
  if (since === null) return '-';
  const days = Math.floor((now.getTime() - new Date(since).getTime()) / DAY_MS);
  return `${Math.max(days, 0)}d`;
}
