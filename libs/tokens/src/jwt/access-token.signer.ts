import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { TokenError } from '../errors/token.errors';
import { assertKeyMatchesAlg } from '../keys/signing-key.util';
import { REGISTERED_ACCESS_TOKEN_CLAIMS, type AccessTokenClaimsInput, type AccessTokenSigningKey, type SignedAccessToken } from './access-token.types';
import { hmacKeyId, hmacKeyObject } from './hmac-key.util';
import { KeyMaterialCache } from './key-material.cache';
import { ACCESS_TOKEN_TYP, DEFAULT_ACCESS_TOKEN_TTL_SECONDS, isAccessTokenAlg, isValidKid, type AccessTokenAlg } from './token-algorithms.constants';

// An access token that lives longer than a day defeats the point of refresh tokens and
// short revocation lists; a larger value is a configuration mistake, not a choice.
const MAX_TTL_SECONDS = 24 * 60 * 60;

export interface AccessTokenSignerOptions {
  issuer: string;
  audience: string | readonly string[];
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Issues RFC 9068-shaped access tokens through @nestjs/jwt. */
export class AccessTokenSigner {
  private readonly keys = new KeyMaterialCache<JwtService>();
  private readonly now: () => number;

  constructor(private readonly options: AccessTokenSignerOptions) {
    this.now = options.now ?? Date.now;
  }

  sign(claims: AccessTokenClaimsInput, key: AccessTokenSigningKey): SignedAccessToken {
    if (!isAccessTokenAlg(key.alg)) throw TokenError.internal('alg_not_supported');
    const alg: AccessTokenAlg = key.alg;
    const kid = key.alg === 'HS256' ? (key.kid ?? hmacKeyId(key.secret)) : key.kid;
    if (!isValidKid(kid)) throw TokenError.internal('claims_invalid');

    const ttlSeconds = claims.ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > MAX_TTL_SECONDS) {
      throw TokenError.internal('claims_invalid');
    }
    const jti = claims.jti ?? randomUUID();
    if (!nonEmpty(claims.sub) || !nonEmpty(jti) || typeof claims.scope !== 'string' || !isStringArray(claims.roles)) {
      throw TokenError.internal('claims_invalid');
    }
    const extra = claims.extra ?? {};
    if (Object.keys(extra).some((name) => REGISTERED_ACCESS_TOKEN_CLAIMS.includes(name))) {
      throw TokenError.internal('reserved_claim');
    }

    const nbf = Math.floor(this.now() / 1000);
    const floor = claims.issuedAtFloor === undefined ? nbf : Math.ceil(claims.issuedAtFloor.getTime() / 1000);
    if (!Number.isFinite(floor)) throw TokenError.internal('claims_invalid');
    // Capped: a floor far in the future would mint a token every verifier refuses as not yet valid.
    const iat = Math.min(Math.max(nbf, floor), nbf + 5);
    const exp = iat + ttlSeconds;
    const payload = {
      ...extra,
      iss: this.options.issuer,
      aud: claims.aud ?? this.options.audience,
      sub: claims.sub,
      iat,
      nbf,
      exp,
      jti,
      roles: [...claims.roles],
      scope: claims.scope,
    };

    const jwt = this.jwtFor(kid, key);
    let token: string;
    try {
      token = jwt.sign(payload, { algorithm: alg, header: { alg, kid, typ: ACCESS_TOKEN_TYP } });
    } catch {
      // jsonwebtoken's messages describe key problems; none is safe or useful to pass on.
      throw TokenError.internal('key_material_invalid');
    }
    return { token, jti, kid, alg, issuedAt: new Date(iat * 1000), notBefore: new Date(nbf * 1000), expiresAt: new Date(exp * 1000) };
  }

  private jwtFor(kid: string, key: AccessTokenSigningKey): JwtService {
    const material = key.alg === 'HS256' ? key.secret : key.privatePem;
    return this.keys.get(kid, key.alg, material, () =>
      key.alg === 'HS256' ? new JwtService({ secret: hmacKeyObject(key.secret) }) : new JwtService({ privateKey: parsePrivateKey(key.privatePem, key.alg) }),
    );
  }
}

function parsePrivateKey(pem: string, alg: 'RS256' | 'ES256'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw TokenError.internal('key_material_invalid');
  }
  assertKeyMatchesAlg(key, alg);
  return key;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256;
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
