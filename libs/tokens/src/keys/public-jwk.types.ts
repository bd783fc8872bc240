import type { SigningKeyAlg } from '../jwt/token-algorithms.constants';

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

/** One entry of `/.well-known/jwks.json`: only public members, ever. */
export type PublicJwk = RsaPublicJwk | EcPublicJwk | OkpPublicJwk;

export interface JwkSet {
  keys: PublicJwk[];
}
