/**
 * Token `iat` has one-second resolution, so a revocation cuts at a whole second: every token
 * issued up to the revocation has `iat < cutoff`, and a token issued afterwards is held back until
 * its `iat` reaches the cutoff (at most a second), so it is never caught by mistake.
 * The gateway derives the same value from the TokenRevoked event's `occurred_at`.
 */
export function cutoffSecondsFor(revokedAtMs: number): number {
  return Math.floor(revokedAtMs / 1000) + 1;
}

export function isBeforeCutoff(iatSeconds: number, cutoffSeconds: number): boolean {
  return iatSeconds < cutoffSeconds;
}
