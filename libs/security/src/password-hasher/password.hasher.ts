/**
 * argon2id password hashing with bounded concurrency.
 *
 * Passwords are NFC-normalized before hashing and verifying (NIST 800-63B asks for normalization),
 * so the same password typed on systems that compose accents differently still matches. They are
 * never truncated or case-folded. Input over MAX_PASSWORD_BYTES is refused before any work.
 */
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { argon2id, hash as argon2Hash, verify as argon2Verify } from 'argon2';
import { HasherOverloadedError, PasswordTooLongError } from '../security.errors';
import { exceedsMaxBytes, MAX_PASSWORD_BYTES, normalizePassword } from '../password-policy/password-text.util';
import { parseArgon2Hash, type Argon2HashInfo } from './argon2-hash.parser';
import { BoundedSemaphore, type SemaphoreStats } from './bounded.semaphore';

export interface Argon2Params {
  /** Memory in KiB. */
  readonly memoryCost: number;
  /** Passes over memory. */
  readonly timeCost: number;
  readonly parallelism: number;
  /** Output length in bytes. */
  readonly hashLength: number;
  readonly saltLength: number;
}

export interface PasswordHasherOptions extends Partial<Argon2Params> {
  /** Hashes computed at once. */
  readonly maxConcurrent?: number;
  /** Callers allowed to wait for a slot before HasherOverloadedError is thrown. */
  readonly maxQueue?: number;
  /**
   * Stored hashes asking for more memory than this (KiB) are refused by verify(), so one corrupt
   * or planted row cannot make a login allocate gigabytes. Defaults to max(memoryCost, 256 MiB).
   */
  readonly maxVerifyMemoryCost?: number;
  /** Same guard for passes; defaults to max(timeCost, 16). */
  readonly maxVerifyTimeCost?: number;
}

export type HasherStats = SemaphoreStats;

/** OWASP Password Storage Cheat Sheet, argon2id option 2: m=19 MiB, t=2, p=1 (~27 ms on this hardware). */
export const DEFAULT_ARGON2_PARAMS: Argon2Params = Object.freeze({
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  hashLength: 32,
  saltLength: 16,
});

export const DEFAULT_MAX_QUEUE = 64;

const ARGON2_VERSION = 0x13;

export class PasswordHasher {
  readonly params: Argon2Params;
  private readonly semaphore: BoundedSemaphore;
  private readonly maxVerifyMemoryCost: number;
  private readonly maxVerifyTimeCost: number;
  private dummyHash: string | undefined;

  constructor(options: PasswordHasherOptions = {}) {
    this.params = Object.freeze(validateParams({ ...DEFAULT_ARGON2_PARAMS, ...definedOnly(options) }));
    this.maxVerifyMemoryCost = options.maxVerifyMemoryCost ?? Math.max(this.params.memoryCost, 256 * 1024);
    this.maxVerifyTimeCost = options.maxVerifyTimeCost ?? Math.max(this.params.timeCost, 16);
    this.semaphore = new BoundedSemaphore(
      options.maxConcurrent ?? defaultMaxConcurrent(),
      options.maxQueue ?? DEFAULT_MAX_QUEUE,
      ({ active, queued }) => new HasherOverloadedError(active, queued),
    );
  }

  /**
   * Encoded argon2id hash of the password.
   * @throws PasswordTooLongError above MAX_PASSWORD_BYTES; HasherOverloadedError when the queue is full.
   */
  async hash(password: string): Promise<string> {
    if (exceedsMaxBytes(password)) throw new PasswordTooLongError(MAX_PASSWORD_BYTES);
    const input = normalizePassword(password);
    const { memoryCost, timeCost, parallelism, hashLength, saltLength } = this.params;
    return this.semaphore.run(() =>
      argon2Hash(input, {
        type: argon2id,
        memoryCost,
        timeCost,
        parallelism,
        hashLength,
        salt: randomBytes(saltLength),
      }),
    );
  }

  /**
   * Whether the password matches the stored hash. A malformed, foreign or unreasonably expensive
   * hash, or an over-long password, gives false rather than an error.
   * @throws HasherOverloadedError when the queue is full: overload must not look like a wrong
   * password, or a load spike would count failed logins and lock accounts.
   */
  async verify(hash: string, password: string): Promise<boolean> {
    if (typeof password !== 'string' || exceedsMaxBytes(password)) return false;
    const info = parseArgon2Hash(hash);
    if (info === null || !this.isAffordable(info)) return false;
    const input = normalizePassword(password);
    return this.semaphore.run(async () => {
      try {
        return await argon2Verify(hash, input);
      } catch {
        return false;
      }
    });
  }

  /** True when the stored hash was made with other parameters than the current ones (or is not argon2id). */
  needsRehash(hash: string): boolean {
    const info = parseArgon2Hash(hash);
    if (info === null) return true;
    const p = this.params;
    return (
      info.variant !== 'argon2id' ||
      info.version !== ARGON2_VERSION ||
      info.memoryCost !== p.memoryCost ||
      info.timeCost !== p.timeCost ||
      info.parallelism !== p.parallelism ||
      info.hashLength !== p.hashLength ||
      info.saltLength < p.saltLength
    );
  }

  /**
   * Spends the same work as verify() against a real account and always answers false. Called when
   * the email is unknown so that response time does not reveal which emails have accounts.
   */
  async verifyDummy(password: string): Promise<boolean> {
    this.dummyHash ??= dummyHashFor(this.params);
    await this.verify(this.dummyHash, password);
    return false;
  }

  stats(): HasherStats {
    return this.semaphore.stats();
  }

  private isAffordable(info: Argon2HashInfo): boolean {
    return info.memoryCost <= this.maxVerifyMemoryCost && info.timeCost <= this.maxVerifyTimeCost;
  }
}

/**
 * An encoded argon2id hash with the current parameters whose digest is random bytes: verifying a
 * password against it costs exactly what a real verification costs, and no password matches it
 * (that would need a 256-bit preimage). Made without running argon2, so no boot-time hash touches
 * argon2's working memory (see tools/runtime/allocator-env.json on why that memory is kept).
 */
function dummyHashFor(params: Argon2Params): string {
  const b64 = (bytes: number): string => randomBytes(bytes).toString('base64').replace(/=+$/, '');
  return `$argon2id$v=${ARGON2_VERSION}$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$${b64(params.saltLength)}$${b64(params.hashLength)}`;
}

/**
 * One hash per CPU, but below the libuv thread pool size: argon2 runs on that pool, and filling
 * it stalls fs and dns.lookup (which pg connects use) for the whole process.
 */
function defaultMaxConcurrent(): number {
  const pool = Number(process.env['UV_THREADPOOL_SIZE']) || 4;
  return Math.max(1, Math.min(availableParallelism(), pool - 1));
}

function definedOnly(options: PasswordHasherOptions): Partial<Argon2Params> {
  const picked: { -readonly [K in keyof Argon2Params]?: number } = {};
  for (const key of Object.keys(DEFAULT_ARGON2_PARAMS) as Array<keyof Argon2Params>) {
    const value = options[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

function validateParams(params: Argon2Params): Argon2Params {
  const { memoryCost, timeCost, parallelism, hashLength, saltLength } = params;
  const checks: Array<[string, number, number, number]> = [
    ['timeCost', timeCost, 1, 2 ** 32 - 1],
    ['parallelism', parallelism, 1, 2 ** 24 - 1],
    // Argon2 needs at least 8 KiB per lane.
    ['memoryCost', memoryCost, 8 * parallelism, 2 ** 32 - 1],
    ['hashLength', hashLength, 16, 1024],
    ['saltLength', saltLength, 16, 1024],
  ];
  for (const [name, value, min, max] of checks) {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`argon2 ${name} must be an integer between ${min} and ${max}`);
    }
  }
  return params;
}
