import type { AccessTokenAlg } from './token-algorithms.constants';

/** Claims this library sets itself; `extra` may not override them. */
export const REGISTERED_ACCESS_TOKEN_CLAIMS: readonly string[] = ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'jti', 'roles', 'scope'];

export interface AccessTokenClaimsInput {
  sub: string;
  roles: readonly string[];
  /** Space-separated OAuth scopes (RFC 8693 / RFC 9068 `scope`). */
  scope: string;
  /** Overrides the signer's default audience. */
  aud?: string | readonly string[];
  /** Defaults to DEFAULT_ACCESS_TOKEN_TTL_SECONDS. */
  ttlSeconds?: number;
  /** Defaults to a random UUID; pass one to record the jti before the token exists. */
  jti?: string;
  extra?: Readonly<Record<string, unknown>>;
  /**
   * `iat` is moved up to at least this instant (rounded up to a whole second); `nbf` stays at
   * the real time. Revocation cutoffs compare whole-second `iat` values, so a token issued in
   * the same second as a "revoke everything before now" must still read as issued after it.
   */
  issuedAtFloor?: Date;
}

export interface AsymmetricSigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privatePem: string;
}

export interface HmacSigningKey {
  alg: 'HS256';
  /** The runbook's JWT_SECRET_KEY; at least 32 bytes (RFC 7518 3.2). */
  secret: string | Buffer;
  /** Defaults to hmacKeyId(secret). */
  kid?: string;
}

export type AccessTokenSigningKey = AsymmetricSigningKey | HmacSigningKey;

export interface SignedAccessToken {
  token: string;
  jti: string;
  kid: string;
  alg: AccessTokenAlg;
  issuedAt: Date;
  /** The real signing time (whole second); `expiresAt - notBefore` is the OAuth `expires_in`. */
  notBefore: Date;
  expiresAt: Date;
}

export interface AsymmetricVerificationKey {
  alg: 'RS256' | 'ES256';
  publicPem: string;
}

export interface HmacVerificationKey {
  alg: 'HS256';
  secret: string | Buffer;
}

export type AccessTokenVerificationKey = AsymmetricVerificationKey | HmacVerificationKey;

export interface VerifiedClaims {
  iss: string;
  sub: string;
  /** Always an array, whatever shape the token used, so callers have one case to handle. */
  aud: readonly string[];
  exp: number;
  iat: number;
  nbf?: number;
  jti: string;
  roles: readonly string[];
  scope: string;
  /** The header values that selected the key; handy for logs and revocation by key. */
  kid: string;
  alg: AccessTokenAlg;
  /** Every other claim, unvalidated. */
  extra: Readonly<Record<string, unknown>>;
}
