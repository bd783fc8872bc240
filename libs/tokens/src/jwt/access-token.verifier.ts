import { createPublicKey, type KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { TokenError } from '../errors/token.errors';
import { assertKeyMatchesAlg } from '../keys/signing-key.util';
import type { AccessTokenVerificationKey, VerifiedClaims } from './access-token.types';
import { validateAccessTokenClaims } from './access-token-claims.validator';
import { hmacKeyObject } from './hmac-key.util';
import { checkAccessTokenHeader } from './jose-header.util';
import { KeyMaterialCache } from './key-material.cache';
import { sameKeyMaterial, VerifiedSignatureCache } from './verified-signature.cache';
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
  /** Tokens whose signature check is remembered (0 turns the cache off); default 10,000. */
  verifiedSignatureEntries?: number;
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
  private readonly signatures: VerifiedSignatureCache | undefined;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    if (options.allowedAlgs.length === 0 || !options.allowedAlgs.every(isAccessTokenAlg)) {
      throw TokenError.internal('alg_not_supported');
    }
    this.allowedAlgs = new Set(options.allowedAlgs);
    this.audiences = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
    this.clockToleranceSeconds = options.clockToleranceSeconds ?? 30;
    this.now = options.now ?? Date.now;
    const entries = options.verifiedSignatureEntries ?? 10_000;
    this.signatures = entries > 0 ? new VerifiedSignatureCache(entries) : undefined;
  }

  verify(token: string): VerifiedClaims {
    const nowMs = this.now();
    const remembered = this.signatures?.get(token, nowMs);
    if (remembered) {
      // The key set is consulted on every request: the signature only counts under the very key it was checked with.
      const key = this.options.resolveKey(remembered.kid);
      if (key && key.alg === remembered.alg && sameKeyMaterial(keyMaterial(key), remembered.material)) {
        return this.validate(remembered.payload, nowMs, remembered.kid, key.alg);
      }
      this.signatures?.clear();
    }

    const { alg, kid } = checkAccessTokenHeader(token, this.allowedAlgs);

    const key = this.options.resolveKey(kid);
    if (!key) throw TokenError.invalidToken('unknown_kid');
    if (key.alg !== alg) throw TokenError.invalidToken('alg_mismatch');

    let payload: object;
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

    const claims = this.validate(payload, nowMs, kid, alg);
    // Remembered only once the claims passed, and no longer than the token itself is accepted.
    this.signatures?.set(token, { alg, kid, material: keyMaterial(key), payload, usableUntilMs: (claims.exp + this.clockToleranceSeconds) * 1000 });
    return claims;
  }

  private validate(payload: unknown, nowMs: number, kid: string, alg: AccessTokenAlg): VerifiedClaims {
    return validateAccessTokenClaims(payload, {
      issuer: this.options.issuer,
      audiences: this.audiences,
      nowSeconds: nowMs / 1000,
      clockToleranceSeconds: this.clockToleranceSeconds,
      kid,
      alg,
    });
  }

  /** Drop parsed keys, e.g. after the JWKS snapshot is replaced (entries also self-heal on change). */
  clearKeyCache(): void {
    this.keys.clear();
    this.signatures?.clear();
  }

  private jwtFor(kid: string, key: AccessTokenVerificationKey): JwtService {
    const material = keyMaterial(key);
    return this.keys.get(kid, key.alg, material, () =>
      key.alg === 'HS256' ? new JwtService({ secret: hmacKeyObject(key.secret) }) : new JwtService({ publicKey: parsePublicKey(key.publicPem, key.alg) }),
    );
  }
}

function keyMaterial(key: AccessTokenVerificationKey): string | Buffer {
  return key.alg === 'HS256' ? key.secret : key.publicPem;
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
