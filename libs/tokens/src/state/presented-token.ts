/**
 * One verdict on a presented access token, shared by the gateway's bearer check and every service
 * checking the token a request carries: signature, algorithm, issuer, audience and expiry by the
 * verifier, then revocation by the token state. Never throws for a bad token.
 */
import { TokenError } from '../errors/token.errors';
import type { VerifiedClaims } from '../jwt/access-token.types';
import type { AccessTokenVerifier } from '../jwt/access-token.verifier';
import type { TokenState } from './token-state';

export type PresentedTokenVerdict = { ok: true; claims: VerifiedClaims } | { ok: false; reason: 'not_ready' | 'invalid' | 'expired' | 'revoked' };

export function judgePresentedToken(verifier: AccessTokenVerifier, state: TokenState, token: string): PresentedTokenVerdict {
  // Until keys and revocations are loaded a revoked token could pass: refuse rather than guess.
  if (!state.ready()) return { ok: false, reason: 'not_ready' };
  let claims: VerifiedClaims;
  try {
    claims = verifier.verify(token);
  } catch (err) {
    if (err instanceof TokenError) return { ok: false, reason: err.reason === 'expired' ? 'expired' : 'invalid' };
    throw err;
  }
  if (state.revokedReason(claims)) return { ok: false, reason: 'revoked' };
  return { ok: true, claims };
}
