/**
 * The secrets behind access tokens, read through the configured provider (SECRETS_PROVIDER) and
 * held for a short TTL, so a value rotated in the provider is picked up on the next rotation
 * event (`refresh`) or at the latest after the TTL:
 * - JWT_SECRET_KEY: the runbook's HS256 secret (JWT_ALGORITHM=HS256 only);
 * - SIGNING_KEYS_MASTER_KEY: the AES-256-GCM key that encrypts signing keys at rest.
 * A missing, short or known-default value stops production before it listens, naming the
 * variable and never its value. Outside production a missing master key is generated once into
 * a git-ignored file, so `npm start` works with no setup; no key is ever written in code.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertStrongSecret, CachedSecrets, createSecretsProvider, SecretsError, secretsOptionsFromEnv, type SecretsProvider } from '@tr4ction/secrets';
import { deriveMasterKey } from '@tr4ction/tokens';

export const SIGNING_KEYS_MASTER_KEY = 'SIGNING_KEYS_MASTER_KEY';
/**
 * The master key being replaced, set only during a master-key rotation: rows still under it can
 * be read until `tr4ction secrets rotate master-key` has re-encrypted them under the new one.
 */
export const SIGNING_KEYS_MASTER_KEY_PREVIOUS = 'SIGNING_KEYS_MASTER_KEY_PREVIOUS';
/** Relative to the working directory (the repository root under `npm start`); git-ignored. */
export const DEV_SECRETS_DIR = '.dev-secrets';
const MIN_SECRET_BYTES = 32;

export interface SigningSecretsOptions {
  env?: NodeJS.ProcessEnv;
  /** Defaults to the provider SECRETS_PROVIDER names. */
  provider?: SecretsProvider;
  /** Default five minutes. */
  ttlMs?: number;
  /** Where the development master key is generated; default `<cwd>/.dev-secrets`. */
  devDir?: string;
  /** Told once when the development key file is used. */
  onDevKey?: (relativePath: string) => void;
}

export class SigningSecrets {
  private readonly cache: CachedSecrets;
  private readonly production: boolean;
  private readonly devDir: string;
  private devKeyAnnounced = false;

  constructor(private readonly options: SigningSecretsOptions = {}) {
    const env = options.env ?? process.env;
    this.production = env.ENVIRONMENT === 'production';
    this.cache = new CachedSecrets(options.provider ?? createSecretsProvider(secretsOptionsFromEnv(env)), { ttlMs: options.ttlMs ?? 300_000 });
    this.devDir = options.devDir ?? resolve(process.cwd(), DEV_SECRETS_DIR);
  }

  get providerName(): string {
    return this.cache.name;
  }

  /** The runbook's HS256 secret; at least 32 bytes and not a published default, in every environment. */
  async jwtSecret(): Promise<string> {
    const secret = await this.cache.get(JWT_SECRET_KEY);
    assertStrongSecret(JWT_SECRET_KEY, secret, { minBytes: MIN_SECRET_BYTES });
    return secret;
  }

  /** The 32-byte AES key for private signing keys at rest. */
  async masterKey(): Promise<Buffer> {
    const configured = await this.cache.getOptional(SIGNING_KEYS_MASTER_KEY);
    if (configured !== undefined) {
      assertStrongSecret(SIGNING_KEYS_MASTER_KEY, configured, { minBytes: MIN_SECRET_BYTES });
      return deriveMasterKey(configured);
    }
    if (this.production) {
      throw SecretsError.missing(SIGNING_KEYS_MASTER_KEY, this.cache.name, 'required in production');
    }
    return deriveMasterKey(await this.developmentMasterKey());
  }

  /**
   * Every master key a stored row may be under: the current one first, then the previous one if
   * the operator has set it for a rotation. New rows are always encrypted under the first.
   */
  async masterKeys(): Promise<Buffer[]> {
    const current = await this.masterKey();
    const previous = await this.cache.getOptional(SIGNING_KEYS_MASTER_KEY_PREVIOUS);
    if (previous === undefined) return [current];
    assertStrongSecret(SIGNING_KEYS_MASTER_KEY_PREVIOUS, previous, { minBytes: MIN_SECRET_BYTES });
    const old = deriveMasterKey(previous);
    return old.equals(current) ? [current] : [current, old];
  }

  /** Forget held values: the next read goes to the provider (called on rotation events). */
  refresh(): void {
    this.cache.invalidate();
  }

  private async developmentMasterKey(): Promise<string> {
    const path = join(this.devDir, SIGNING_KEYS_MASTER_KEY);
    const value = await readKeyFile(path);
    if (!this.devKeyAnnounced) {
      this.devKeyAnnounced = true;
      this.options.onDevKey?.(join(DEV_SECRETS_DIR, SIGNING_KEYS_MASTER_KEY));
    }
    if (value !== undefined) return value;
    await mkdir(this.devDir, { recursive: true, mode: 0o700 });
    // Written under a temporary name and linked into place: link fails if another process won
    // the race, and nobody can ever read a half-written file.
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    try {
      await link(temp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await rm(temp, { force: true });
    }
    const written = await readKeyFile(path);
    if (written === undefined) throw SecretsError.missing(SIGNING_KEYS_MASTER_KEY, 'development file', DEV_SECRETS_DIR);
    return written;
  }
}

async function readKeyFile(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw SecretsError.unreachable(SIGNING_KEYS_MASTER_KEY, 'development file', DEV_SECRETS_DIR, (err as NodeJS.ErrnoException).code);
  }
}

export const JWT_SECRET_KEY = 'JWT_SECRET_KEY';
