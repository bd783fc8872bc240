/**
 * Signatures already verified, keyed by the exact token string: a client presents the same access
 * token on every request, and an RS256 check is most of a token's cost at the gateway.
 *
 * Only the signature check is remembered. On a hit the caller still resolves the kid from the
 * current key set and must find the very material (and algorithm) the signature was checked
 * with, so a retired, revoked or replaced key stops the token at once; claims (expiry included)
 * are validated again and revocation stays the caller's per-request check. An entry is dropped
 * at the token's own `exp` (plus tolerance) and the map is bounded, oldest entry out first.
 */
export interface VerifiedSignature {
  alg: string;
  kid: string;
  material: string | Buffer;
  payload: object;
  /** Milliseconds since the epoch after which the entry is useless (the token has expired). */
  usableUntilMs: number;
}

export class VerifiedSignatureCache {
  private readonly entries = new Map<string, VerifiedSignature>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): VerifiedSignature | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.usableUntilMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, entry: VerifiedSignature): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(token)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, entry);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export function sameKeyMaterial(a: string | Buffer, b: string | Buffer): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.equals(b);
}
