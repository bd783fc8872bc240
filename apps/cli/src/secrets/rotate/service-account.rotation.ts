/**
 * Service-account secret rotation through rotation-service: a new secret, shown once; the previous
 * one keeps working for the grace window (SERVICE_ACCOUNT_GRACE_HOURS) so the owner can deploy the
 * new one without an outage. The account is named by its id or by its client_id. An account whose
 * secret the platform keeps in a store (`secret_ref`) is rotated there instead, through the four
 * staged steps; the new secret is then read from the store by its client and never printed.
 */
import { RPC, type SecretRef, type ServiceAccountView } from '@tr4ction/contracts';
import type { CliContext } from '../../framework/cli-context';
import { CliError } from '../../framework/cli-error';
import type { CommandResult } from '../../framework/command-result';
import { toCliError } from '../../framework/error-mapping';
import { EXIT } from '../../framework/exit-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ACCOUNT_REF = /^[A-Za-z0-9_-]{1,64}$/;

export async function rotateServiceAccount(ctx: CliContext, ref: string): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const accounts = (await rpc.send(RPC.rotation.listServiceAccounts, ctx.meta(), {})).items;
  const account = accounts.find((a) => (UUID.test(ref) ? a.id === ref.toLowerCase() : a.client_id === ref));
  if (!account)
    throw new CliError(
      EXIT.FAILED,
      `no service account has the id or client_id ${ref}; nothing was changed`,
      'list them with GET /admin/service-accounts (or `npx tr4ction doctor --check rotations-due`)',
      'NOT_FOUND',
    );
  if (account.secret_ref) return rotateInStore(ctx, account, account.secret_ref);
  let rotated: { client_secret: string; previous_valid_until: string };
  try {
    rotated = await rpc.send(RPC.rotation.rotateServiceAccount, ctx.meta(), { id: account.id });
  } catch (err) {
    const e = toCliError(err);
    if (e.code === 'CONFLICT')
      throw new CliError(
        EXIT.FAILED,
        `service account ${account.client_id} is revoked: a revoked account gets no new secret`,
        'create a new account instead (POST /admin/service-accounts)',
        e.code,
      );
    throw e;
  }
  return {
    json: {
      ok: true,
      id: account.id,
      client_id: account.client_id,
      name: account.name,
      client_secret: rotated.client_secret,
      previous_valid_until: rotated.previous_valid_until,
    },
    human: [
      `service account ${account.client_id} (${account.name}): secret rotated`,
      `  new client secret  ${rotated.client_secret}`,
      '                     shown once, stored only as a hash: hand it to the owner through the secrets manager',
      `  previous secret    keeps working until ${rotated.previous_valid_until}, then stops`,
      `recorded:   SecretRotated {what: service_account_secret}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`,
    ],
  };
}

async function rotateInStore(ctx: CliContext, account: ServiceAccountView, ref: SecretRef): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const outcome = await rpc.send(RPC.rotation.rotateStoredSecret, ctx.meta(), { what: 'service_account_secret', id: account.id });
  const json = { ...outcome, ok: outcome.status === 'rotated', client_id: account.client_id, name: account.name, store: ref.provider, store_name: ref.name };
  const trace = ctx.traceId ? ` (trace ${ctx.traceId})` : '';
  if (outcome.status === 'rotated') {
    return {
      json,
      human: [
        `service account ${account.client_id} (${account.name}): secret rotated in ${ref.provider} ${ref.name} (version ${outcome.version})`,
        '  its client reads the new secret there; the previous one keeps working for the grace window (SERVICE_ACCOUNT_GRACE_HOURS)',
        `recorded:   SecretRotated {what: service_account_secret}${trace}`,
      ],
    };
  }
  if (outcome.status === 'busy') {
    throw new CliError(
      EXIT.FAILED,
      `a rotation of ${account.client_id} is running right now; nothing else was changed`,
      'run `npx tr4ction secrets status` in a moment',
      'CONFLICT',
    );
  }
  throw new CliError(
    EXIT.FAILED,
    `the rotation of ${account.client_id} stopped at its ${outcome.step} step (${outcome.reason}); the secret in ${ref.provider} ${ref.name} still works`,
    'the scheduler resumes it every pass; fix the store (permissions, reachability) or run this command again',
    'ROTATION_FAILED',
  );
}
