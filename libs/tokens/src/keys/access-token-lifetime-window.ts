/**
 * How long a signing key (or a replaced HS256 secret) must keep verifying after it stops signing:
 * the longest access-token lifetime that may still be live. An admin changes that lifetime at
 * runtime (`access_token_ttl_seconds`), so the env value alone can cut short the tokens signed just
 * before a rotation once the setting was raised.
 *
 * The choice, kept simple and safe: the larger of
 * - this process's ACCESS_TOKEN_TTL_SECONDS (what an issuer applies until an admin sets the key, and
 *   what a replica that has not heard of a change yet still applies),
 * - the value in effect now, and
 * - every value that stopped being in effect less than its own lifetime ago (a token issued at the
 *   last moment of that value may still be live; an older one has expired whatever it was).
 * What this process could not see is assumed to be the setting's upper bound: before its first
 * snapshot, and (once an admin has set the lifetime) for whatever was in effect before the last
 * change made ahead of its first snapshot (it matters only when less than one upper bound old). Erring
 * long only keeps a retired key verifying a little longer; erring short rejects valid tokens.
 */
export interface AccessTokenLifetimeWindowOptions {
  /** This process's ACCESS_TOKEN_TTL_SECONDS. */
  envSeconds: number;
  /** The setting's upper bound, assumed for any lifetime this process could not observe. */
  maxSeconds: number;
}

interface PastLifetime {
  seconds: number;
  inEffectUntilMs: number;
}

export class AccessTokenLifetimeWindow {
  private currentSeconds?: number;
  private past: PastLifetime[] = [];

  constructor(private readonly options: AccessTokenLifetimeWindowOptions) {}

  /**
   * Records the effective lifetime of every settings snapshot this process applies, at `nowMs`.
   * `lastChangedAtMs` (the snapshot's updated_at) matters only for the first one: what was in
   * effect before that change is unknown here.
   */
  observe(effectiveSeconds: number, nowMs: number, lastChangedAtMs: number | null): void {
    if (this.currentSeconds === undefined) {
      if (lastChangedAtMs !== null) this.past.push({ seconds: this.options.maxSeconds, inEffectUntilMs: lastChangedAtMs });
    } else if (effectiveSeconds !== this.currentSeconds) {
      this.past.push({ seconds: this.currentSeconds, inEffectUntilMs: nowMs });
    }
    this.currentSeconds = effectiveSeconds;
  }

  /** `observe` for a runtime-settings snapshot (structural, so this lib needs no contracts). */
  observeSnapshot(snapshot: { overrides: { access_token_ttl_seconds?: number }; updated_at: string | null }, nowMs: number): void {
    const override = snapshot.overrides.access_token_ttl_seconds;
    // No admin has ever set the lifetime (an override is never removed): it has always been the
    // environment's, so nothing is unknown. Otherwise updated_at (of any key) bounds the last change.
    const changedAt = override === undefined || snapshot.updated_at === null ? null : Date.parse(snapshot.updated_at);
    this.observe(override ?? this.options.envSeconds, nowMs, changedAt);
  }

  /** The longest lifetime a token still live at `nowMs` may have been issued with. */
  seconds(nowMs: number): number {
    if (this.currentSeconds === undefined) return Math.max(this.options.maxSeconds, this.options.envSeconds);
    this.past = this.past.filter((p) => p.inEffectUntilMs + p.seconds * 1000 > nowMs);
    return Math.max(this.options.envSeconds, this.currentSeconds, ...this.past.map((p) => p.seconds));
  }
}
