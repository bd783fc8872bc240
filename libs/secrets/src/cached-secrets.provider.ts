/**
 * Holds values read from another provider for a TTL, so hot paths (token signing) do not call
 * AWS per request, while a rotation is picked up after at most one TTL, or at once via
 * `invalidate`/`refresh`. Absence and failures are never cached: a secret created to fix a
 * boot failure is seen on the next read.
 */
import type { RefreshableSecretsProvider, SecretsProvider } from './secrets-provider.interface';
import { missingAsUndefined } from './secrets.errors';

export interface CachedSecretsOptions {
  ttlMs: number;
  /** Injected by tests so expiry is driven without timers. */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

export class CachedSecrets implements RefreshableSecretsProvider {
  readonly name: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();
  // Bumped by invalidate: a read that started before it must not store its (possibly old) value.
  private readonly generations = new Map<string, number>();
  private globalGeneration = 0;

  constructor(
    private readonly source: SecretsProvider,
    options: CachedSecretsOptions,
  ) {
    if (!Number.isFinite(options.ttlMs) || options.ttlMs < 0) throw new RangeError('CachedSecrets ttlMs must be a finite number >= 0');
    this.name = source.name;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<string> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt > this.now()) return entry.value;
    return this.load(key);
  }

  getOptional(key: string): Promise<string | undefined> {
    return missingAsUndefined(this.get(key));
  }

  invalidate(key?: string): void {
    if (key === undefined) {
      this.entries.clear();
      this.inFlight.clear();
      this.generations.clear();
      this.globalGeneration += 1;
      return;
    }
    this.entries.delete(key);
    this.inFlight.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  async refresh(key?: string): Promise<void> {
    const keys = key === undefined ? [...this.entries.keys()] : [key];
    for (const k of keys) this.invalidate(k);
    const results = await Promise.allSettled(keys.map((k) => this.load(k)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  private load(key: string): Promise<string> {
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const generation = this.generationOf(key);
    const read = this.source
      .get(key)
      .then((value) => {
        if (this.generationOf(key) === generation) this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
        return value;
      })
      .finally(() => {
        if (this.inFlight.get(key) === read) this.inFlight.delete(key);
      });
    this.inFlight.set(key, read);
    return read;
  }

  private generationOf(key: string): string {
    return `${this.globalGeneration}:${this.generations.get(key) ?? 0}`;
  }
}
