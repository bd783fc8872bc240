import { TokenError } from '../errors/token.errors';
import { REGISTERED_ACCESS_TOKEN_CLAIMS, type VerifiedClaims } from './access-token.types';
import type { AccessTokenAlg } from './token-algorithms.constants';

export interface ClaimsContext {
  issuer: string;
  audiences: readonly string[];
  nowSeconds: number;
  clockToleranceSeconds: number;
  kid: string;
  alg: AccessTokenAlg;
}

/** Runs only on a payload whose signature has already been verified. */
export function validateAccessTokenClaims(payload: unknown, ctx: ClaimsContext): VerifiedClaims {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw TokenError.invalidToken('malformed');
  }
  const claims = payload as Record<string, unknown>;
  const { iss, sub, aud, exp, iat, nbf, jti, roles, scope } = claims;

  if (!isNonEmptyString(iss) || !isNonEmptyString(sub) || !isNonEmptyString(jti) || aud === undefined) {
    throw TokenError.invalidToken('missing_claim');
  }
  if (!isNumericDate(exp) || !isNumericDate(iat)) throw TokenError.invalidToken('missing_claim');
  if (nbf !== undefined && !isNumericDate(nbf)) throw TokenError.invalidToken('malformed');
  if (roles !== undefined && !isStringArray(roles)) throw TokenError.invalidToken('malformed');
  if (scope !== undefined && typeof scope !== 'string') throw TokenError.invalidToken('malformed');

  if (iss !== ctx.issuer) throw TokenError.invalidToken('issuer_mismatch');
  const audList = typeof aud === 'string' ? [aud] : aud;
  if (!isStringArray(audList)) throw TokenError.invalidToken('malformed');
  if (!audList.some((value) => ctx.audiences.includes(value))) throw TokenError.invalidToken('audience_mismatch');

  const tolerance = ctx.clockToleranceSeconds;
  if (ctx.nowSeconds >= exp + tolerance) throw TokenError.invalidToken('expired');
  // A future iat is as suspicious as a future nbf: either the issuer's clock or the token is wrong.
  if (nbf !== undefined && nbf > ctx.nowSeconds + tolerance) throw TokenError.invalidToken('not_yet_valid');
  if (iat > ctx.nowSeconds + tolerance) throw TokenError.invalidToken('not_yet_valid');

  // fromEntries defines own properties, so a claim named "__proto__" stays data instead of
  // becoming the prototype of the returned object.
  const extra: Record<string, unknown> = Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED_ACCESS_TOKEN_CLAIMS.includes(name)));
  return {
    iss,
    sub,
    aud: audList,
    exp,
    iat,
    ...(nbf === undefined ? {} : { nbf }),
    jti,
    roles: roles ?? [],
    scope: scope ?? '',
    kid: ctx.kid,
    alg: ctx.alg,
    extra,
  };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
