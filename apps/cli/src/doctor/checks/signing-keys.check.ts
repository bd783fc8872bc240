/**
 * The access-token signing secret or keys: not a default, and rotated within policy. Mode-aware:
 * - RS256/ES256 (JWT_ALGORITHM, default): the master key that encrypts the keys at rest
 *   (SIGNING_KEYS_MASTER_KEY, read through the configured secrets provider, never printed) is set
 *   and strong, and the active key the stack signs with is younger than SIGNING_KEY_ROTATION_DAYS;
 * - HS256 (runbook mode): JWT_SECRET_KEY is strong and not a published default, it is the secret
 *   the stack signs with, and its last recorded rotation is within SIGNING_KEY_ROTATION_DAYS.
 * The mode this environment declares must be the one the stack answers with.
 */
import { RPC, type SigningKeyView as KeyView } from '@tr4ction/contracts';
import type { AuditRecord } from '@tr4ction/audit-chain';
import { assertStrongSecret, createSecretsProvider, isSecretsError, secretsOptionsFromEnv } from '@tr4ction/secrets';
import { hmacKeyId } from '@tr4ction/tokens';
import { intValue } from '../env-values';
import { fail, pass, warn, type CheckOutcome, type DoctorCheck, type DoctorContext } from '../doctor-check';

const MIN_BYTES = 32;
const DAY_MS = 86_400_000;
const DEFAULT_ROTATION_DAYS = 90;
/** Rotation records per key id are few; this only bounds a pathological log. */
const MAX_PAGES = 20;
const ROTATE = '`tr4ction secrets rotate signing-key` (docs/runbooks/monthly-rotation.md)';

export const signingKeysCheck: DoctorCheck = {
  id: 'signing-keys',
  title: 'token signing secret or keys not a default, and rotated within policy',
  async run(ctx) {
    const alg = (ctx.env.JWT_ALGORITHM?.trim() || 'RS256').toUpperCase();
    const policyDays = intValue(ctx.env.SIGNING_KEY_ROTATION_DAYS, DEFAULT_ROTATION_DAYS);
    const key = alg === 'HS256' ? 'JWT_SECRET_KEY' : 'SIGNING_KEYS_MASTER_KEY';
    const secret = await readSecret(ctx, key);
    if ('outcome' in secret) return secret.outcome;

    const rpc = await ctx.rpc();
    const keys = (await rpc.send(RPC.rotation.listKeys, ctx.meta(), {})).items;
    const active = keys.find((k) => k.status === 'active');
    if (!active)
      return fail('rotation-service has no active signing key', 'wait for the stack to finish starting; if it stays so, read rotation-service’s log');
    const stackHmac = active.alg === 'HS256';
    if (stackHmac !== (alg === 'HS256')) {
      return fail(
        `this environment says JWT_ALGORITHM=${alg}, but the stack signs with ${active.alg}`,
        'give doctor the environment the services run with (--env-file), or fix JWT_ALGORITHM on every service',
      );
    }
    const secretNote = `${key} from the ${secret.provider} provider: ${Buffer.byteLength(secret.value, 'utf8')} bytes, not a known default`;
    return stackHmac ? judgeHmac(ctx, active, secret.value, secretNote, policyDays) : judgeManaged(ctx, active, secretNote, policyDays);
  },
};

async function readSecret(ctx: DoctorContext, key: string): Promise<{ value: string; provider: string } | { outcome: CheckOutcome }> {
  let provider = 'env';
  try {
    const options = secretsOptionsFromEnv(ctx.env);
    provider = options.provider;
    const value = await createSecretsProvider(options).get(key);
    assertStrongSecret(key, value, { minBytes: MIN_BYTES });
    return { value, provider };
  } catch (err) {
    if (!isSecretsError(err)) throw err;
    const where = provider === 'env' ? key : `the ${provider} provider under ${key}`;
    return {
      outcome: fail(
        `${err.message} (read from the ${provider} provider)`,
        `store a fresh secret in ${where}: \`tr4ction secrets generate --hex ${MIN_BYTES}\``,
      ),
    };
  }
}

function judgeManaged(ctx: DoctorContext, active: KeyView, secretNote: string, policyDays: number): CheckOutcome {
  if (!active.activated_at) return fail(`active key ${active.kid} has no activation time`, 'read rotation-service’s log; then rotate: ' + ROTATE);
  const ageDays = (ctx.now().getTime() - Date.parse(active.activated_at)) / DAY_MS;
  const what = `active key ${active.kid} (${active.alg}) signing for ${formatDays(ageDays)}`;
  if (ageDays > policyDays)
    return fail(`${what}, beyond the ${policyDays}-day policy (is rotation-service’s scheduler running?); ${secretNote}`, `rotate now: ${ROTATE}`);
  return pass(`${what}, within the ${policyDays}-day policy; ${secretNote}`);
}

async function judgeHmac(ctx: DoctorContext, active: KeyView, secret: string, secretNote: string, policyDays: number): Promise<CheckOutcome> {
  // The key id of an HS256 secret is a one-way fingerprint: comparing ids never compares secrets.
  if (hmacKeyId(secret) !== active.kid) {
    return fail(
      `JWT_SECRET_KEY here is not the secret the stack signs with (key id ${active.kid})`,
      'give doctor the deployment’s environment (--env-file); after storing a new secret, run `tr4ction secrets rotate signing-key`',
    );
  }
  const rotated = await firstRotationTo(ctx, active.kid);
  if (!rotated)
    return warn(
      `no rotation to this JWT_SECRET_KEY (key id ${active.kid}) is recorded, so its age is unknown; ${secretNote}`,
      `rotate it through the CLI so its age is on record: ${ROTATE}`,
    );
  const ageDays = (ctx.now().getTime() - Date.parse(rotated.occurred_at)) / DAY_MS;
  const what = `JWT_SECRET_KEY (key id ${active.kid}) rotated ${formatDays(ageDays)} ago`;
  if (ageDays > policyDays) return fail(`${what}, beyond the ${policyDays}-day policy; ${secretNote}`, `store a new secret, then ${ROTATE}`);
  return pass(`${what}, within the ${policyDays}-day policy; ${secretNote}`);
}

/**
 * The oldest `SecretRotated` naming this key id: when this secret started signing. (A later record
 * with the same id is a rotation that found the secret unchanged, and does not make it younger.)
 */
async function firstRotationTo(ctx: DoctorContext, kid: string): Promise<AuditRecord | undefined> {
  const rpc = await ctx.rpc();
  let cursor: string | null = null;
  let oldest: AuditRecord | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const filters: Record<string, string | number> = { type: 'SecretRotated', subject_id: kid, limit: 100, ...(cursor ? { cursor } : {}) };
    const res = await rpc.send(RPC.audit.query, ctx.meta(), filters);
    oldest = res.items[res.items.length - 1] ?? oldest;
    cursor = res.next_cursor;
    if (!cursor) break;
  }
  return oldest;
}

export function formatDays(days: number): string {
  return days < 1 ? `${Math.max(1, Math.round(days * 24))} h` : `${Math.floor(days)} d`;
}
