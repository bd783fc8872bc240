/**
 * A service's database password rotated now through rotation-service, in the four staged steps
 * (new password in the store as pending, set on the service's own login, tested, made current).
 * The service's replicas pick it up at their next new connection; nothing restarts, no query fails.
 * The password is never printed: the services read it from the store (DATABASE_PASSWORD_<IDENTITY>).
 */
import { RPC } from '@tr4ction/contracts';
import { ROTATED_DATABASE_LOGINS } from '@tr4ction/persistence';
import type { CliContext } from '../../framework/cli-context';
import { CliError } from '../../framework/cli-error';
import type { CommandResult } from '../../framework/command-result';
import { toCliError } from '../../framework/error-mapping';
import { EXIT } from '../../framework/exit-codes';

/** Three short database connections: more than the default RPC timeout on a loaded machine. */
const ROTATION_TIMEOUT_MS = 30_000;

/** Each service, and `audit-writer` for audit-service's append-only login (AUDIT_DATABASE_URL). */
export const DB_PASSWORD_SERVICES = ROTATED_DATABASE_LOGINS.map((r) => r.owner);

export async function rotateDatabasePassword(ctx: CliContext, service: string): Promise<CommandResult> {
  const role = ROTATED_DATABASE_LOGINS.find((r) => r.owner === service)?.role;
  if (!role) throw new CliError(EXIT.USAGE, `${service} has no database login`, `one of: ${DB_PASSWORD_SERVICES.join(', ')}`, 'VALIDATION_FAILED');
  const rpc = await ctx.rpc();
  let outcome;
  try {
    outcome = await rpc.send(RPC.rotation.rotateStoredSecret, ctx.meta(), { what: 'db_password', id: service }, ROTATION_TIMEOUT_MS);
  } catch (err) {
    const e = toCliError(err);
    if (e.code === 'CONFLICT')
      throw new CliError(
        EXIT.FAILED,
        `${service}'s database password is not kept in a writable secrets store; nothing was changed`,
        'store it as DATABASE_PASSWORD_<IDENTITY> in the file or AWS provider the services read (docs/deploy.md, "Database passwords"), then run this again',
        e.code,
      );
    throw e;
  }
  const json = { ...outcome, ok: outcome.status === 'rotated', service, login: role };
  if (outcome.status === 'rotated') {
    return {
      json,
      human: [
        `${service}: database password of ${role} rotated (store version ${outcome.version})`,
        '  the old password is refused from now on; every replica takes the new one from the store at its next connection',
        `recorded:   SecretRotated {what: db_password}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`,
      ],
    };
  }
  if (outcome.status === 'busy')
    throw new CliError(
      EXIT.FAILED,
      `a rotation of ${role}'s password is running right now; nothing else was changed`,
      'run `npx tr4ction secrets status` in a moment',
      'CONFLICT',
    );
  throw new CliError(
    EXIT.FAILED,
    `the rotation of ${role}'s password stopped at its ${outcome.step} step (${outcome.reason})`,
    'the services keep connecting (they try the current and the pending password); the scheduler resumes it every pass, or run this command again',
    'ROTATION_FAILED',
  );
}
