/**
 * The Ed25519 key that signs checkpoints, and the public keys verification trusts.
 *
 * The private key comes from the secrets provider (`AUDIT_CHECKPOINT_KEY`: a PKCS#8 PEM or a hex or base64
 * 32-byte seed) and never touches the database. Verification trusts only keys from configuration:
 * the configured key's own public half, `AUDIT_CHECKPOINT_PUBLIC_KEYS` (keys an operator retired by
 * hand) and `AUDIT_CHECKPOINT_KEY_HISTORY`, kept in the secrets store beside the key by
 * rotation-service's staged rotation (every key it made, each retired one with the instant it
 * stopped being trusted). The public keys stored beside checkpoints are for people to read; an
 * attacker who can edit the database could store their own there.
 *
 * Without a configured key, development derives a fixed, publicly known key so checkpoints stay
 * verifiable across restarts; it protects nothing and says so at boot. Production refuses to start.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { ed25519KeyFromSecret, ed25519KeyId, ed25519PublicKey, rawEd25519PublicKey, type TrustedCheckpointKey } from '@tr4ction/audit-chain';
import type { SecretsProvider } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';

export const AUDIT_CHECKPOINT_KEY = 'AUDIT_CHECKPOINT_KEY';
/** Public halves only (same entry format as AUDIT_CHECKPOINT_PUBLIC_KEYS), written by rotation-service. */
export const AUDIT_CHECKPOINT_KEY_HISTORY = 'AUDIT_CHECKPOINT_KEY_HISTORY';
export const CHECKPOINT_KEYS = Symbol.for('tr4ction.audit.checkpoint-keys');

const DEVELOPMENT_SEED = createHash('sha256').update('tr4ction/audit-checkpoint/development-only/v1').digest('base64');

export interface CheckpointKeys {
  signing: KeyObject;
  keyId: string;
  /** Raw public key, base64: stored with each checkpoint for auditors, never trusted from there. */
  publicKey: string;
  /** What verification accepts signatures from: the current key, and earlier ones within their windows. */
  trusted: TrustedCheckpointKey[];
  /** True when signing with the derived development key. */
  development: boolean;
}

export class CheckpointKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointKeyError';
  }
}

export interface CheckpointKeyOptions {
  environment: string;
  previousPublicKeys: readonly string[];
}

export async function loadCheckpointKeys(secrets: SecretsProvider, options: CheckpointKeyOptions, logger: Logger): Promise<CheckpointKeys> {
  const production = options.environment === 'production';
  const secret = await secrets.getOptional(AUDIT_CHECKPOINT_KEY);
  if (secret === undefined && production) throw new CheckpointKeyError(`${AUDIT_CHECKPOINT_KEY} is required in production`);
  let signing: KeyObject;
  try {
    signing = ed25519KeyFromSecret(secret ?? DEVELOPMENT_SEED);
  } catch {
    throw new CheckpointKeyError(`${AUDIT_CHECKPOINT_KEY} is not an Ed25519 PEM private key or a 32-byte seed in base64 or hex`);
  }
  const development = secret === undefined || ed25519KeyId(signing) === ed25519KeyId(ed25519KeyFromSecret(DEVELOPMENT_SEED));
  if (development && production) throw new CheckpointKeyError(`${AUDIT_CHECKPOINT_KEY} is the public development key`);

  const trusted: TrustedCheckpointKey[] = [{ key: ed25519PublicKey(signing) }];
  options.previousPublicKeys.forEach((text, i) => trusted.push(parsePreviousKey(text, i + 1)));
  const history = await secrets.getOptional(AUDIT_CHECKPOINT_KEY_HISTORY);
  splitKeyList(history ?? '').forEach((text, i) => trusted.push(parsePreviousKey(text, i + 1, AUDIT_CHECKPOINT_KEY_HISTORY)));
  const keyId = ed25519KeyId(signing);
  if (development) {
    logger.warn({ key_id: keyId }, `${AUDIT_CHECKPOINT_KEY} is not set: signing checkpoints with the public development key, which proves nothing`);
  }
  return { signing, keyId, publicKey: rawEd25519PublicKey(signing).toString('base64'), trusted, development };
}

/**
 * An entry of AUDIT_CHECKPOINT_PUBLIC_KEYS: a public key (base64 or PEM), optionally followed by
 * `@<RFC 3339 instant>`, the moment it stopped signing. With that bound a checkpoint dated later and
 * signed by the old key (a leaked key used after its rotation) is not believed.
 */
/** The entries of a comma-separated key list (the history's format, as the setting's). */
export function splitKeyList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function parsePreviousKey(text: string, position: number, source = 'AUDIT_CHECKPOINT_PUBLIC_KEYS'): TrustedCheckpointKey {
  const at = text.lastIndexOf('@');
  const keyText = at >= 0 ? text.slice(0, at) : text;
  let notAfter: Date | undefined;
  if (at >= 0) {
    notAfter = new Date(text.slice(at + 1).trim());
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text.slice(at + 1).trim()) || Number.isNaN(notAfter.getTime())) {
      throw new CheckpointKeyError(`${source} entry ${position}: the part after '@' must be an RFC 3339 instant (when the key stopped signing)`);
    }
  }
  try {
    return { key: ed25519PublicKey(keyText.trim()), ...(notAfter ? { notAfter } : {}) };
  } catch {
    throw new CheckpointKeyError(`${source} entry ${position} is not an Ed25519 public key`);
  }
}
