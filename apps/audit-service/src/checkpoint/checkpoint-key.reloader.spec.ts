/**
 * CheckpointKeyReloader over the env provider (the store is replaced by changing what it holds):
 * after a rotation wrote a new AUDIT_CHECKPOINT_KEY and its history, one reload makes the shared
 * keys object sign with the new key; checkpoints of the old key still verify up to its end and not
 * after; a store that cannot be read leaves the current keys in use.
 */
import { ed25519KeyFromSecret, ed25519KeyId, generateEd25519Secret, rawEd25519PublicKey, signCheckpoint, verifyCheckpoint } from '@tr4ction/audit-chain';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { CheckpointKeyReloader } from './checkpoint-key.reloader';
import { AUDIT_CHECKPOINT_KEY, AUDIT_CHECKPOINT_KEY_HISTORY, loadCheckpointKeys } from './checkpoint-keys';

const HEAD = { seq: 3, hash: 'cd'.repeat(32) };
const logger = { warn: () => undefined, info: () => undefined } as unknown as Logger;
const publicHalf = (secret: string) => rawEd25519PublicKey(ed25519KeyFromSecret(secret)).toString('base64');

describe(CheckpointKeyReloader.name, () => {
  it('signs with the rotated key after one reload and keeps trusting the old one within its window', async () => {
    const oldSecret = generateEd25519Secret();
    const env: Record<string, string> = { [AUDIT_CHECKPOINT_KEY]: oldSecret };
    const load = () => loadCheckpointKeys(new EnvSecretsProvider(env), { environment: 'production', previousPublicKeys: [] }, logger);
    const keys = await load();
    const reloader = new CheckpointKeyReloader(keys, load, { AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS: 60 }, logger);
    const before = signCheckpoint(keys.signing, HEAD, new Date('2026-01-01T00:00:00Z'));
    await expect(reloader.reload()).resolves.toBe(false);

    // What rotation-service leaves in the store after its finish step.
    const newSecret = generateEd25519Secret();
    const end = '2026-06-01T01:00:00.000Z';
    env[AUDIT_CHECKPOINT_KEY] = newSecret;
    env[AUDIT_CHECKPOINT_KEY_HISTORY] = `${publicHalf(oldSecret)}@${end},${publicHalf(newSecret)}`;
    await expect(reloader.reload()).resolves.toBe(true);

    expect(keys.keyId).toBe(ed25519KeyId(ed25519KeyFromSecret(newSecret)));
    expect(signCheckpoint(keys.signing, HEAD).key_id).toBe(keys.keyId);
    expect(verifyCheckpoint(keys.trusted, before)).toBe(true);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(ed25519KeyFromSecret(oldSecret), HEAD, new Date('2026-06-01T00:59:00Z')))).toBe(true);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(ed25519KeyFromSecret(oldSecret), HEAD, new Date('2026-06-01T01:00:01Z')))).toBe(false);
    await expect(reloader.reload()).resolves.toBe(false);
  });

  it('keeps the current keys when the store holds something unreadable', async () => {
    const secret = generateEd25519Secret();
    const env: Record<string, string> = { [AUDIT_CHECKPOINT_KEY]: secret };
    const load = () => loadCheckpointKeys(new EnvSecretsProvider(env), { environment: 'production', previousPublicKeys: [] }, logger);
    const keys = await load();
    const reloader = new CheckpointKeyReloader(keys, load, { AUDIT_CHECKPOINT_KEY_RELOAD_SECONDS: 60 }, logger);
    env[AUDIT_CHECKPOINT_KEY] = 'not a key';
    await expect(reloader.reload()).resolves.toBe(false);
    expect(keys.keyId).toBe(ed25519KeyId(ed25519KeyFromSecret(secret)));
  });
});
