/**
 * The service's one argon2id hasher (bounded concurrency) and the mapping of its errors to RPC
 * codes: a full queue answers 503 with Retry-After at once instead of queueing without bound, and
 * input over 1 KiB is refused as a policy violation before any hashing.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, userServiceSchema } from '@tr4ction/config';
import { SERVICE_CONFIG } from '@tr4ction/platform';
import { HasherOverloadedError, MAX_PASSWORD_BYTES, PasswordHasher, PasswordTooLongError } from '@tr4ction/security';
import { UsersErrors } from './users.errors';

export function hasherFromConfig(config: ConfigOf<typeof userServiceSchema>): PasswordHasher {
  return new PasswordHasher({
    memoryCost: config.ARGON2_MEMORY_KIB,
    timeCost: config.ARGON2_TIME_COST,
    parallelism: config.ARGON2_PARALLELISM,
    ...(config.HASHER_MAX_CONCURRENT ? { maxConcurrent: config.HASHER_MAX_CONCURRENT } : {}),
    maxQueue: config.HASHER_MAX_QUEUE,
  });
}

/** The byte cap, checked before anything else touches the password. */
export function assertPasswordSize(password: string): void {
  if (typeof password === 'string' && Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) throw UsersErrors.tooLong();
}

@Injectable()
export class PasswordService {
  readonly hasher: PasswordHasher;

  constructor(@Inject(SERVICE_CONFIG) config: ConfigOf<typeof userServiceSchema>) {
    this.hasher = hasherFromConfig(config);
  }

  hash(password: string): Promise<string> {
    return mapErrors(() => this.hasher.hash(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return mapErrors(() => this.hasher.verify(hash, password));
  }

  /** Same work as verify() against a real account; for unknown, locked and disabled accounts. */
  verifyDummy(password: string): Promise<boolean> {
    return mapErrors(() => this.hasher.verifyDummy(password));
  }

  /** Throws the 503 now when no hash could start or wait: shed before doing any other work. */
  assertCapacity(): void {
    const { active, queued, maxConcurrent, maxQueue } = this.hasher.stats();
    if (active >= maxConcurrent && queued >= maxQueue) throw UsersErrors.overloaded();
  }

  needsRehash(hash: string): boolean {
    return this.hasher.needsRehash(hash);
  }
}

async function mapErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof HasherOverloadedError) throw UsersErrors.overloaded();
    if (err instanceof PasswordTooLongError) throw UsersErrors.tooLong();
    throw err;
  }
}
