import type { PasswordHasher } from './password.hasher';

export class PasswordHistory {
  /**
   * Whether `candidate` matches one of the newest `historyCount` hashes. `previousHashes` must be
   * ordered newest first and include the current password's hash, so "the last 5 passwords" means
   * the current one and the four before it.
   *
   * Checked one at a time and stopping at the first match: each check is a full argon2 verify, and
   * running them in parallel would take several hasher slots for one request.
   * HasherOverloadedError propagates: treating it as "not reused" would let a reuse slip through.
   */
  static async isReused(hasher: PasswordHasher, previousHashes: readonly string[], candidate: string, historyCount: number): Promise<boolean> {
    if (!Number.isInteger(historyCount) || historyCount <= 0) return false;
    for (const previous of previousHashes.slice(0, historyCount)) {
      if (await hasher.verify(previous, candidate)) return true;
    }
    return false;
  }
}
