import { generateKeyPairSync } from 'node:crypto';
import { ed25519KeyFromSecret, generateEd25519Secret, rawEd25519PublicKey, signCheckpoint, verifyCheckpoint } from '@tr4ction/audit-chain';
import { EnvSecretsProvider } from '@tr4ction/secrets';
import type { Logger } from '@tr4ction/telemetry';
import { AUDIT_CHECKPOINT_KEY, CheckpointKeyError, loadCheckpointKeys } from './checkpoint-keys';

function setup(env: Record<string, string> = {}) {
  const warnings: string[] = [];
  const logger = { warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Logger;
  return { secrets: new EnvSecretsProvider(env), logger, warnings };
}

const HEAD = { seq: 7, hash: 'ab'.repeat(32) };

describe(loadCheckpointKeys.name, () => {
  it('signs with the configured key and trusts its public half', async () => {
    const secret = generateEd25519Secret();
    const { secrets, logger, warnings } = setup({ [AUDIT_CHECKPOINT_KEY]: secret });
    const keys = await loadCheckpointKeys(secrets, { environment: 'production', previousPublicKeys: [] }, logger);
    expect(keys.development).toBe(false);
    expect(keys.publicKey).toBe(rawEd25519PublicKey(ed25519KeyFromSecret(secret)).toString('base64'));
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(keys.signing, HEAD))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('accepts a PKCS#8 PEM and trusts previous public keys (base64 or PEM) from configuration', async () => {
    const current = generateKeyPairSync('ed25519');
    const old = generateKeyPairSync('ed25519');
    const older = ed25519KeyFromSecret(generateEd25519Secret());
    const pem = current.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const { secrets, logger } = setup({ [AUDIT_CHECKPOINT_KEY]: pem });
    const keys = await loadCheckpointKeys(
      secrets,
      {
        environment: 'production',
        previousPublicKeys: [old.publicKey.export({ format: 'pem', type: 'spki' }).toString(), rawEd25519PublicKey(older).toString('base64')],
      },
      logger,
    );
    expect(keys.trusted).toHaveLength(3);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(old.privateKey, HEAD))).toBe(true);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(older, HEAD))).toBe(true);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(ed25519KeyFromSecret(generateEd25519Secret()), HEAD))).toBe(false);
  });

  it('refuses to start in production without a key', async () => {
    const { secrets, logger } = setup();
    await expect(loadCheckpointKeys(secrets, { environment: 'production', previousPublicKeys: [] }, logger)).rejects.toThrow(
      new CheckpointKeyError('AUDIT_CHECKPOINT_KEY is required in production'),
    );
  });

  it('derives the same public development key on every boot outside production, and warns', async () => {
    const a = setup();
    const first = await loadCheckpointKeys(a.secrets, { environment: 'development', previousPublicKeys: [] }, a.logger);
    const second = await loadCheckpointKeys(setup().secrets, { environment: 'development', previousPublicKeys: [] }, a.logger);
    expect(first.development).toBe(true);
    expect(second.keyId).toBe(first.keyId);
    expect(a.warnings[0]).toMatch(/development key/);
  });

  it('refuses the development key in production even when it is configured explicitly', async () => {
    const dev = await loadCheckpointKeys(setup().secrets, { environment: 'development', previousPublicKeys: [] }, setup().logger);
    const seed = dev.signing.export({ format: 'pem', type: 'pkcs8' }).toString();
    const { secrets, logger } = setup({ [AUDIT_CHECKPOINT_KEY]: seed });
    await expect(loadCheckpointKeys(secrets, { environment: 'production', previousPublicKeys: [] }, logger)).rejects.toThrow(/public development key/);
  });

  it('names the variable but never echoes a bad value', async () => {
    const bad = 'not-a-key-but-maybe-a-secret';
    const { secrets, logger } = setup({ [AUDIT_CHECKPOINT_KEY]: bad });
    const err = await loadCheckpointKeys(secrets, { environment: 'production', previousPublicKeys: [] }, logger).catch((e: Error) => e);
    expect(err).toBeInstanceOf(CheckpointKeyError);
    expect((err as Error).message).toContain(AUDIT_CHECKPOINT_KEY);
    expect((err as Error).message).not.toContain(bad);
    const pub = setup({ [AUDIT_CHECKPOINT_KEY]: generateEd25519Secret() });
    await expect(loadCheckpointKeys(pub.secrets, { environment: 'production', previousPublicKeys: [bad] }, pub.logger)).rejects.toThrow(
      /AUDIT_CHECKPOINT_PUBLIC_KEYS entry 1/,
    );
  });

  it('trusts a retired key only for checkpoints it signed before the instant after its @', async () => {
    const old = ed25519KeyFromSecret(generateEd25519Secret());
    const retiredAt = new Date('2026-06-01T00:00:00.000Z');
    const { secrets, logger } = setup({ [AUDIT_CHECKPOINT_KEY]: generateEd25519Secret() });
    const keys = await loadCheckpointKeys(
      secrets,
      { environment: 'production', previousPublicKeys: [`${rawEd25519PublicKey(old).toString('base64')}@${retiredAt.toISOString()}`] },
      logger,
    );
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(old, HEAD, new Date(retiredAt.getTime() - 1000)))).toBe(true);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(old, HEAD, retiredAt))).toBe(true);
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(old, HEAD, new Date(retiredAt.getTime() + 1000)))).toBe(false);
    // The current key has no end.
    expect(verifyCheckpoint(keys.trusted, signCheckpoint(keys.signing, HEAD, new Date('2099-01-01T00:00:00.000Z')))).toBe(true);
  });

  it('refuses a retirement instant that is not RFC 3339, naming the entry', async () => {
    const pub = setup({ [AUDIT_CHECKPOINT_KEY]: generateEd25519Secret() });
    const old = rawEd25519PublicKey(ed25519KeyFromSecret(generateEd25519Secret())).toString('base64');
    await expect(loadCheckpointKeys(pub.secrets, { environment: 'production', previousPublicKeys: [`${old}@yesterday`] }, pub.logger)).rejects.toThrow(
      /entry 1: the part after '@' must be an RFC 3339 instant/,
    );
  });
});
