/**
 * Signing-key rotation through rotation-service, planned or emergency, in both token modes:
 * - RS256/ES256 (managed keys): planned = `rotate-keys` (the published next key starts signing, the
 *   old one verifies its tokens until they expire); emergency = `revoke-key` on the active key (it
 *   stops verifying at once, a next key takes over in the same transaction).
 * - HS256 (runbook mode, JWT_SECRET_KEY): the operator first stores the new secret in the provider;
 *   planned = `rotate-keys` (services re-read it; the old secret verifies for one token lifetime);
 *   emergency = that, plus `revoke-all` so tokens signed with the old secret stop at once.
 */
import { RPC, type RotationOutcome, type SigningKeyView as KeyView } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { createSecretsProvider, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { hmacKeyId } from '@tr4ction/tokens';
import { watchOwnEvents } from '../../framework/bus-events';
import type { CliContext } from '../../framework/cli-context';
import { CliError } from '../../framework/cli-error';
import type { CommandResult } from '../../framework/command-result';
import { EXIT } from '../../framework/exit-codes';

/** A rotation can generate an RSA key pair on a loaded machine: more than the default RPC timeout. */
const ROTATION_TIMEOUT_MS = 30_000;

export interface SigningKeyRotationOptions {
  emergency?: boolean;
  reason?: string;
}

export const DEFAULT_EMERGENCY_REASON = 'emergency signing-key revocation';

export async function rotateSigningKey(ctx: CliContext, opts: SigningKeyRotationOptions): Promise<CommandResult> {
  const rpc = await ctx.rpc();
  const keys = await listKeys(ctx, rpc);
  const active = keys.find((k) => k.status === 'active');
  const hmac = keys.length > 0 && keys.every((k) => k.alg === 'HS256');
  if (!active)
    throw new CliError(
      EXIT.UNAVAILABLE,
      'rotation-service has no active signing key yet',
      'wait for the stack to finish starting (`npx tr4ction doctor --check signing-keys`) and run it again',
      'SERVICE_UNAVAILABLE',
    );
  if (hmac) return opts.emergency ? emergencyHmac(ctx, rpc, active, opts.reason ?? DEFAULT_EMERGENCY_REASON) : plannedHmac(ctx, rpc, active);
  return opts.emergency ? emergencyManaged(ctx, rpc, active, opts.reason ?? DEFAULT_EMERGENCY_REASON) : plannedManaged(ctx, rpc);
}

async function listKeys(ctx: CliContext, rpc: RpcClient): Promise<KeyView[]> {
  return (await rpc.send(RPC.rotation.listKeys, ctx.meta(), {})).items;
}

async function plannedManaged(ctx: CliContext, rpc: RpcClient): Promise<CommandResult> {
  const outcome = await rpc.send(RPC.rotation.rotateKeys, ctx.meta(), {}, ROTATION_TIMEOUT_MS);
  const json = { ok: true, mode: 'managed-keys', emergency: false, ...outcome };
  if (outcome.status === 'rotated') {
    return {
      json,
      human: [
        `signing key rotated: ${outcome.active_kid} signs new tokens now`,
        `  previous key  ${outcome.previous_kid ?? 'none'} keeps verifying the tokens it signed until they expire (nobody is signed out)`,
        `  next key      ${outcome.next_kid ?? 'published by the scheduler shortly'} is already in /.well-known/jwks.json for the following rotation`,
        `recorded:   SecretRotated {what: signing_key}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`,
      ],
    };
  }
  return {
    json,
    human: [
      `signing key rotation scheduled: the next key ${outcome.next_kid ?? '(being published)'} becomes active at ${outcome.activates_at ?? 'the next scheduler run'}`,
      '  it must be public in the JWKS for one cache period (JWKS_CACHE_SECONDS) first, so every verifier knows it;',
      `  rotation-service completes it on its own; ${outcome.active_kid ?? 'the active key'} signs until then.`,
    ],
  };
}

async function emergencyManaged(ctx: CliContext, rpc: RpcClient, active: KeyView, reason: string): Promise<CommandResult> {
  const bus = await watchOwnEvents(ctx, ['SigningKeyRevoked', 'SecretRotated']);
  const revoked = await rpc.send(RPC.rotation.revokeKey, ctx.meta(), { kid: active.kid, reason }, ROTATION_TIMEOUT_MS);
  const events = await bus.seen();
  const now = (await listKeys(ctx, rpc)).find((k) => k.status === 'active');
  return emergencyResult(ctx, events !== undefined, {
    json: {
      ok: events !== undefined,
      mode: 'managed-keys',
      emergency: true,
      revoked_kid: revoked.kid,
      revoked_at: (revoked as KeyView & { revoked_at?: string }).revoked_at ?? null,
      active_kid: now?.kid ?? null,
      reason,
      propagated: events !== undefined,
      event_ids: events?.map((e) => e.id) ?? [],
    },
    human: [
      `signing key ${revoked.kid} revoked: every token it signed is rejected now`,
      `  new signer    ${now?.kid ?? '(being activated)'} signs every new token; new logins work`,
      '  refresh tokens are not signed by the key and keep working; add `npx tr4ction tokens revoke-all` if sessions may be stolen too',
    ],
    recorded: 'SigningKeyRevoked, SecretRotated {emergency: true}',
  });
}

async function plannedHmac(ctx: CliContext, rpc: RpcClient, active: KeyView): Promise<CommandResult> {
  const outcome = await rotateHmac(ctx, rpc, active);
  return {
    json: { ok: true, mode: 'hs256', emergency: false, status: 'rotated', active_kid: outcome.active_kid, previous_kid: active.kid },
    human: [
      `JWT_SECRET_KEY rotated: the services sign with the new secret (key id ${outcome.active_kid})`,
      `  previous secret (key id ${active.kid}) verifies tokens for one more token lifetime (ACCESS_TOKEN_TTL_SECONDS), then stops`,
      `recorded:   SecretRotated {what: jwt_secret}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}`,
    ],
  };
}

async function emergencyHmac(ctx: CliContext, rpc: RpcClient, active: KeyView, reason: string): Promise<CommandResult> {
  const bus = await watchOwnEvents(ctx, ['SecretRotated', 'AllTokensRevoked']);
  const outcome = await rotateHmac(ctx, rpc, active);
  // An HS256 secret cannot be revoked on its own: the cutoff rejects every token it signed.
  const cutoff = await rpc.send(RPC.auth.revokeAll, ctx.meta(), { reason });
  const events = await bus.seen();
  return emergencyResult(ctx, events !== undefined, {
    json: {
      ok: events !== undefined,
      mode: 'hs256',
      emergency: true,
      revoked_kid: active.kid,
      active_kid: outcome.active_kid,
      not_before: cutoff.not_before,
      reason,
      propagated: events !== undefined,
      event_ids: events?.map((e) => e.id) ?? [],
    },
    human: [
      `JWT_SECRET_KEY replaced (key id ${outcome.active_kid}) and every token issued before ${cutoff.not_before} revoked`,
      `  the old secret (key id ${active.kid}) can sign no token that is accepted; new logins work`,
    ],
    recorded: 'SecretRotated {what: jwt_secret}, AllTokensRevoked',
  });
}

/**
 * HS256: the new secret must already be in the provider, or "rotating" would change nothing. When
 * this CLI reads the same store as the services (a provider other than `env`), that is checked
 * before anything is recorded; otherwise rotation-service's answer tells.
 */
async function rotateHmac(ctx: CliContext, rpc: RpcClient, active: KeyView): Promise<RotationOutcome> {
  if ((await sharedStoreKeyId(ctx.env)) === active.kid) throw unchangedSecret(active.kid);
  const outcome = await rpc.send(RPC.rotation.rotateKeys, ctx.meta(), {}, ROTATION_TIMEOUT_MS);
  if (outcome.active_kid === active.kid) throw unchangedSecret(active.kid);
  return outcome;
}

/** Key id (a one-way fingerprint) of JWT_SECRET_KEY in a shared secrets store, or undefined when there is none to read. */
async function sharedStoreKeyId(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const options = secretsOptionsFromEnv(env);
  // With the env provider, this shell's variables are not the services' environment.
  if (options.provider === 'env') return undefined;
  const secret = await createSecretsProvider(options)
    .getOptional('JWT_SECRET_KEY')
    .catch(() => undefined);
  if (!secret) return undefined;
  return hmacKeyId(secret);
}

function unchangedSecret(kid: string): CliError {
  return new CliError(
    EXIT.FAILED,
    `JWT_SECRET_KEY in the secrets provider is still the current one (key id ${kid}): nothing to rotate to`,
    'store a new value first: `npx tr4ction secrets generate --hex 32 --no-newline` into the provider under JWT_SECRET_KEY (docs/runbooks/monthly-rotation.md), then run this again',
    'CONFLICT',
  );
}

function emergencyResult(ctx: CliContext, propagated: boolean, r: { json: Record<string, unknown>; human: string[]; recorded: string }): CommandResult {
  return {
    json: r.json,
    human: [
      ...r.human,
      propagated
        ? `recorded:   ${r.recorded}${ctx.traceId ? ` (trace ${ctx.traceId})` : ''}; every gateway and auth-service has it`
        : `done in rotation-service, but ${r.recorded} was not seen on the bus within 20 s: gateways apply it at their next resync (TOKEN_STATE_RESYNC_MS); check NATS and the services’ logs`,
    ],
    exitCode: propagated ? EXIT.OK : EXIT.UNAVAILABLE,
  };
}
