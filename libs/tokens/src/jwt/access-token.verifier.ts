import { createPublicKey, type KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { TokenError } from '../errors/token.errors';
import { assertKeyMatchesAlg } from '../keys/signing-key.util';
import type { AccessTokenVerificationKey, VerifiedClaims } from './access-token.types';
import { validateAccessTokenClaims } from './access-token-claims.validator';
import { hmacKeyObject } from './hmac-key.util';
import { checkAccessTokenHeader } from './jose-header.util';
import { KeyMaterialCache } from './key-material.cache';
import { isAccessTokenAlg, type AccessTokenAlg } from './token-algorithms.constants';

export interface AccessTokenVerifierOptions {
  issuer: string;
  /** Accepted audiences; a token passes if any of its `aud` values is one of them. */
  audience: string | readonly string[];
  allowedAlgs: readonly AccessTokenAlg[];
  /**
   * Synchronous on purpose: it runs per request, so it must read an in-memory key set (the
   * gateway's JWKS snapshot), never the network. Return undefined for unknown, retired or
   * revoked kids.
   */
  resolveKey: (kid: string) => AccessTokenVerificationKey | undefined;
  /** Default 30 s of tolerated clock skew between issuer and verifier. */
  clockToleranceSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/**
 * Verifies access tokens at the gateway. Order matters: the header is vetted before any key is
 * looked up, the key's own algorithm must equal the header's (an RSA public key can therefore
 * never be fed to HMAC), and the signature is checked with exactly that one algorithm.
 */
export class AccessTokenVerifier {
  private readonly allowedAlgs: ReadonlySet<AccessTokenAlg>;
  private readonly audiences: readonly string[];
  private readonly clockToleranceSeconds: number;
  private readonly now: () => number;
  private readonly keys = new KeyMaterialCache<JwtService>();

  constructor(private readonly options: AccessTokenVerifierOptions) {
    if (options.allowedAlgs.length === 0 || !options.allowedAlgs.every(isAccessTokenAlg)) {
      throw TokenError.internal('alg_not_supported');
    }
    this.allowedAlgs = new Set(options.allowedAlgs);
    this.audiences = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
    this.clockToleranceSeconds = options.clockToleranceSeconds ?? 30;
    this.now = options.now ?? Date.now;
  }

  verify(token: string): VerifiedClaims {
    const { alg, kid } = checkAccessTokenHeader(token, this.allowedAlgs);

    const key = this.options.resolveKey(kid);
    if (!key) throw TokenError.invalidToken('unknown_kid');
    if (key.alg !== alg) throw TokenError.invalidToken('alg_mismatch');

    let payload: unknown;
    try {
      // Time, issuer and audience are checked below in one place, with precise reasons; here
      // jsonwebtoken answers only "is this signature valid under this key and this algorithm".
      payload = this.jwtFor(kid, key).verify<object>(token, {
        algorithms: [alg],
        ignoreExpiration: true,
        ignoreNotBefore: true,
      });
    } catch {
      throw TokenError.invalidToken('bad_signature');
    }

    return validateAccessTokenClaims(payload, {
      issuer: this.options.issuer,
      audiences: this.audiences,
      nowSeconds: this.now() / 1000,
      clockToleranceSeconds: this.clockToleranceSeconds,
      kid,
      alg,
    });
  }

  /** Drop parsed keys, e.g. after the JWKS snapshot is replaced (entries also self-heal on change). */
  clearKeyCache(): void {
    this.keys.clear();
  }

  private jwtFor(kid: string, key: AccessTokenVerificationKey): JwtService {
    const material = key.alg === 'HS256' ? key.secret : key.publicPem;
    return this.keys.get(kid, key.alg, material, () =>
      key.alg === 'HS256'
        ? new JwtService({ secret: hmacKeyObject(key.secret) })
        : new JwtService({ publicKey: parsePublicKey(key.publicPem, key.alg) }),
    );
  }
}

function parsePublicKey(pem: string, alg: 'RS256' | 'ES256'): KeyObject {
  if (typeof pem !== 'string') throw TokenError.internal('key_material_invalid');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw TokenError.internal('key_material_invalid');
  }
  assertKeyMatchesAlg(key, alg);
  return key;
}
