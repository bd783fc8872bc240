/**
 * What the gateway knows to verify access tokens locally, with no round trip per request: the
 * published signing keys (or the runbook's HS256 secrets) and the revocation state (denied jtis
 * until they expire, ended sessions by `sid`, per-subject cutoffs, the global cutoff). Filled from the owning services at
 * boot and kept current by events (token-state.sync.ts). Pure and synchronous: every lookup is a
 * map read, so it costs nothing next to the signature check.
 *
 * Merging is monotonic: a snapshot can add denials and raise cutoffs but never lower them, so a
 * snapshot taken just before an event cannot undo it, whatever order they arrive in.
 */
import { createPublicKey } from 'node:crypto';
import type { AccessTokenVerificationKey, JwkSet, PublicJwk, VerifiedClaims } from '@tr4ction/tokens';

export interface PublicKeyEntry {
  kid: string;
  alg: string;
  status: string;
  public_pem: string;
  jwk: PublicJwk;
}

export interface RevocationSnapshot {
  issuer: string;
  denied: Array<{ jti: string; expires_at: string }>;
  user_cutoffs: Array<{ user_id: string; not_before: string }>;
  global_not_before: string | null;
  /** Ended sessions: their access tokens (claim `sid`) are rejected until `until`. Absent from an older auth-service. */
  denied_sessions?: Array<{ sid: string; until: string }>;
}

export type RevokedReason = 'denied' | 'session_ended' | 'subject_cutoff' | 'global_cutoff';

/** A denial learned from an event carries no expiry; keep it as long as any access token can live. */
const MAX_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000 + 60_000;
const PUBLISHED = new Set(['next', 'active', 'retiring']);

export class GatewayTokenState {
  private keys = new Map<string, PublicKeyEntry>();
  private readonly hmacKeys = new Map<string, { secret: string; validUntilMs: number | undefined }>();
  private readonly denied = new Map<string, number>();
  /** Ended sessions by `sid`, each kept until no access token of it can be live. */
  private readonly endedSessions = new Map<string, number>();
  private readonly subjectCutoffs = new Map<string, number>();
  private globalCutoffMs = 0;
  private keysLoaded = false;
  private revocationsLoaded = false;

  constructor(
    readonly mode: 'asymmetric' | 'hmac',
    private readonly now: () => number,
  ) {}

  /** Ready to judge tokens: keys and revocations loaded at least once, and something to verify with. */
  ready(): boolean {
    return this.keysLoaded && this.revocationsLoaded && this.verifyingKeyCount() > 0;
  }

  status(): { keys: boolean; revocations: boolean; verifying_keys: number } {
    return { keys: this.keysLoaded, revocations: this.revocationsLoaded, verifying_keys: this.verifyingKeyCount() };
  }

  /** Replaces the key set with the source's current one (rotation-service's published keys). */
  replaceKeys(entries: readonly PublicKeyEntry[]): void {
    const next = new Map<string, PublicKeyEntry>();
    for (const entry of entries) {
      if (!PUBLISHED.has(entry.status) || (entry.alg !== 'RS256' && entry.alg !== 'ES256')) continue;
      // Parsed once here so a malformed entry is dropped at load time, not discovered per request.
      try {
        createPublicKey(entry.public_pem);
      } catch {
        continue;
      }
      next.set(entry.kid, entry);
    }
    this.keys = next;
    this.keysLoaded = true;
  }

  /** A revoked key stops verifying now, before the refreshed key set arrives. */
  dropKey(kid: string): void {
    this.keys.delete(kid);
  }

  /**
   * HS256 mode: the current JWT_SECRET_KEY under its derived kid. A replaced secret keeps
   * verifying for `previousGraceMs`, so rotating the secret logs nobody out.
   */
  setHmacSecret(kid: string, secret: string, previousGraceMs: number): void {
    const nowMs = this.now();
    for (const [otherKid, entry] of this.hmacKeys) {
      if (otherKid !== kid && entry.validUntilMs === undefined) entry.validUntilMs = nowMs + previousGraceMs;
    }
    this.hmacKeys.set(kid, { secret, validUntilMs: undefined });
    this.keysLoaded = true;
  }

  /**
   * For AccessTokenVerifier. Every published key verifies, `next` included: auth-service may
   * start signing with a freshly activated key a moment before this gateway hears of the
   * activation, and the key is ours either way (a compromised one is revoked, not left as next).
   */
  resolveKey(kid: string): AccessTokenVerificationKey | undefined {
    if (this.mode === 'hmac') {
      const entry = this.hmacKeys.get(kid);
      if (!entry || (entry.validUntilMs !== undefined && entry.validUntilMs <= this.now())) return undefined;
      return { alg: 'HS256', secret: entry.secret };
    }
    const entry = this.keys.get(kid);
    if (!entry || (entry.alg !== 'RS256' && entry.alg !== 'ES256')) return undefined;
    return { alg: entry.alg, publicPem: entry.public_pem };
  }

  /** `/.well-known/jwks.json`: every key that may still verify a live token, and the next one. */
  jwks(): JwkSet {
    if (this.mode === 'hmac') return { keys: [] };
    return { keys: [...this.keys.values()].map((k) => k.jwk) };
  }

  applySnapshot(snapshot: RevocationSnapshot): void {
    const nowMs = this.now();
    for (const d of snapshot.denied) {
      const expires = Date.parse(d.expires_at);
      if (Number.isFinite(expires) && expires > nowMs) this.denied.set(denialKey(snapshot.issuer, d.jti), expires);
    }
    for (const e of snapshot.denied_sessions ?? []) {
      const until = Date.parse(e.until);
      if (Number.isFinite(until) && until > nowMs) this.denySession(e.sid, until);
    }
    for (const c of snapshot.user_cutoffs) this.cutSubject(c.user_id, Date.parse(c.not_before));
    if (snapshot.global_not_before) this.cutAll(Date.parse(snapshot.global_not_before));
    this.revocationsLoaded = true;
  }

  deny(issuer: string, jti: string, expiresAtMs?: number): void {
    const key = denialKey(issuer, jti);
    const until = expiresAtMs ?? this.now() + MAX_TOKEN_LIFETIME_MS;
    this.denied.set(key, Math.max(this.denied.get(key) ?? 0, until));
  }

  /** Every access token of the session (claim `sid`) is rejected from now on. */
  denySession(sid: string, untilMs?: number): void {
    const until = untilMs ?? this.now() + MAX_TOKEN_LIFETIME_MS;
    this.endedSessions.set(sid, Math.max(this.endedSessions.get(sid) ?? 0, until));
  }

  cutSubject(subject: string, notBeforeMs: number): void {
    if (!Number.isFinite(notBeforeMs)) return;
    this.subjectCutoffs.set(subject, Math.max(this.subjectCutoffs.get(subject) ?? 0, notBeforeMs));
  }

  cutAll(notBeforeMs: number): void {
    if (Number.isFinite(notBeforeMs)) this.globalCutoffMs = Math.max(this.globalCutoffMs, notBeforeMs);
  }

  /**
   * Why a verified token is revoked, if it is. Cutoffs compare whole seconds: `iat` has no finer
   * grain, and the issuer moves `iat` of tokens minted in a cutoff's own second past it.
   */
  revokedReason(claims: Pick<VerifiedClaims, 'iss' | 'jti' | 'sub' | 'iat' | 'extra'>): RevokedReason | undefined {
    if (this.denied.has(denialKey(claims.iss, claims.jti))) return 'denied';
    const sid = claims.extra['sid'];
    if (typeof sid === 'string' && this.endedSessions.has(sid)) return 'session_ended';
    if (claims.iat < Math.ceil(this.globalCutoffMs / 1000)) return 'global_cutoff';
    const subjectCutoff = this.subjectCutoffs.get(claims.sub);
    if (subjectCutoff !== undefined && claims.iat < Math.ceil(subjectCutoff / 1000)) return 'subject_cutoff';
    return undefined;
  }

  /** Forgets what can no longer matter: expired denials and cutoffs older than any live token. */
  prune(): void {
    const nowMs = this.now();
    for (const [key, until] of this.denied) if (until <= nowMs) this.denied.delete(key);
    for (const [sid, until] of this.endedSessions) if (until <= nowMs) this.endedSessions.delete(sid);
    for (const [subject, cutoff] of this.subjectCutoffs) if (cutoff < nowMs - MAX_TOKEN_LIFETIME_MS) this.subjectCutoffs.delete(subject);
    for (const [kid, entry] of this.hmacKeys) if (entry.validUntilMs !== undefined && entry.validUntilMs <= nowMs) this.hmacKeys.delete(kid);
  }

  /** Sizes, for metrics and the readiness report. */
  counts(): { denied: number; ended_sessions: number; subject_cutoffs: number } {
    return { denied: this.denied.size, ended_sessions: this.endedSessions.size, subject_cutoffs: this.subjectCutoffs.size };
  }

  private verifyingKeyCount(): number {
    if (this.mode === 'hmac') return [...this.hmacKeys.values()].filter((e) => e.validUntilMs === undefined || e.validUntilMs > this.now()).length;
    return [...this.keys.values()].filter((k) => k.status === 'active' || k.status === 'retiring').length;
  }
}

function denialKey(issuer: string, jti: string): string {
  return `${issuer}\u0000${jti}`;
}
