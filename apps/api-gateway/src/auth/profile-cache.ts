/**
 * GET /auth/me answered from this gateway's memory instead of one NATS round trip to user-service
 * per request (which capped the route near 1,000/s). The token is still verified and checked
 * against revocations before the cache is consulted, so a deleted or revoked user gets 401 as before.
 *
 * Freshness: every user event (roles, password, deletion, lock...) forgets that user on every
 * replica (profile-cache.sync.ts); the replica that served an admin change forgets it before
 * answering; anything core NATS might drop is bounded by the entry lifetime (the gateway's resync
 * interval) and a reconnect clears everything. An entry never outlives the password expiry it
 * reports, since `password_change_required` turns true at that instant.
 *
 * A load that started before an invalidation is not stored (the epoch moved), so an answer read
 * before a change can never be cached after it.
 */
import type { PublicUser } from '@tr4ction/contracts';

export interface ProfileCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

interface Entry {
  profile: PublicUser;
  until: number;
}

export class ProfileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, { epoch: number; promise: Promise<PublicUser> }>();
  private epoch = 0;

  constructor(private readonly options: ProfileCacheOptions) {}

  /** The cached profile of `userId`, or `load()`'s answer (shared by concurrent callers, then cached). */
  get(userId: string, load: () => Promise<PublicUser>): Promise<PublicUser> {
    const hit = this.cached(userId);
    if (hit) return Promise.resolve(hit);
    const pending = this.loading.get(userId);
    if (pending && pending.epoch === this.epoch) return pending.promise;
    const epoch = this.epoch;
    const promise = load().then(
      (profile) => {
        if (this.loading.get(userId)?.promise === promise) this.loading.delete(userId);
        if (epoch === this.epoch) this.store(userId, profile);
        return profile;
      },
      (err: unknown) => {
        if (this.loading.get(userId)?.promise === promise) this.loading.delete(userId);
        throw err;
      },
    );
    this.loading.set(userId, { epoch, promise });
    return promise;
  }

  /** The cached profile of `userId` while it is fresh; undefined otherwise (nothing is loaded). */
  cached(userId: string): PublicUser | undefined {
    const hit = this.entries.get(userId);
    if (hit && hit.until > this.options.now()) return hit.profile;
    if (hit) this.entries.delete(userId);
    return undefined;
  }

  /** The user changed (or may have): the next request reads the source again. */
  forget(userId: string): void {
    this.epoch++;
    this.entries.delete(userId);
    this.loading.delete(userId);
  }

  /** Events may have been missed: forget everyone. */
  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.loading.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(userId: string, profile: PublicUser): void {
    const now = this.options.now();
    const expires = profile.password_expires_at === null ? Number.POSITIVE_INFINITY : Date.parse(profile.password_expires_at);
    const until = Math.min(now + this.options.ttlMs, Number.isNaN(expires) ? now : expires);
    if (until <= now) return;
    // Map keeps insertion order: past the bound, drop the oldest entries first.
    this.entries.delete(userId);
    this.entries.set(userId, { profile, until });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
