/** Public signing keys as they travel (rotation-service's replies, the gateway's JWKS): only public members, ever. */

/** Algorithms a signing key can be generated for (EdDSA is generated and measured, not signed with yet). */
export type SigningKeyAlg = 'RS256' | 'ES256' | 'EdDSA';

/** A signing key's place in its lifecycle (next -> active -> retiring -> retired, or revoked). */
export type SigningKeyState = 'next' | 'active' | 'retiring' | 'retired' | 'revoked';

interface PublicJwkBase {
  kid: string;
  alg: SigningKeyAlg;
  use: 'sig';
}

export interface RsaPublicJwk extends PublicJwkBase {
  kty: 'RSA';
  n: string;
  e: string;
}

export interface EcPublicJwk extends PublicJwkBase {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface OkpPublicJwk extends PublicJwkBase {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** One entry of `/.well-known/jwks.json`. */
export type PublicJwk = RsaPublicJwk | EcPublicJwk | OkpPublicJwk;

export interface JwkSet {
  keys: PublicJwk[];
}
