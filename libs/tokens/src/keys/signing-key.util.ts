import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { TokenError } from '../errors/token.errors';
import type { SigningKeyAlg } from '../jwt/token-algorithms.constants';
import type { PublicJwk } from './public-jwk.types';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface GeneratedSigningKey {
  kid: string;
  alg: SigningKeyAlg;
  publicJwk: PublicJwk;
  publicPem: string;
  /** PKCS#8 PEM. Encrypt with encryptPrivateKey before it touches storage. */
  privatePem: string;
}

export interface PublicSigningKey {
  kid: string;
  alg: SigningKeyAlg;
  publicPem: string;
}

/**
 * Async because a 2048-bit RSA key takes tens to hundreds of milliseconds to generate, which
 * would stall every request on the rotation service's event loop if done synchronously.
 */
export async function generateSigningKey(alg: SigningKeyAlg = 'RS256'): Promise<GeneratedSigningKey> {
  const { publicKey, privateKey } = await generateFor(alg);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const kid = jwkThumbprint(publicKey);
  return { kid, alg, publicJwk: publicJwkOf(publicKey, kid, alg), publicPem, privatePem };
}

function generateFor(alg: SigningKeyAlg): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (alg) {
    case 'RS256':
      return generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    case 'ES256':
      return generateKeyPairAsync('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generateKeyPairAsync('ed25519');
    default:
      throw TokenError.internal('alg_not_supported');
  }
}

/**
 * Builds the JWKS entry from a stored public key. createPublicKey also accepts a private PEM and
 * derives its public half, and only named public members are copied, so a mix-up in storage can
 * never publish private material.
 */
export function toPublicJwk(key: PublicSigningKey): PublicJwk {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicPem);
  } catch {
    throw TokenError.internal('key_material_invalid');
  }
  return publicJwkOf(publicKey, key.kid, key.alg);
}

function publicJwkOf(publicKey: KeyObject, kid: string, alg: SigningKeyAlg): PublicJwk {
  assertKeyMatchesAlg(publicKey, alg);
  const jwk = publicKey.export({ format: 'jwk' });
  switch (alg) {
    case 'RS256':
      return { kty: 'RSA', kid, alg, use: 'sig', n: required(jwk.n), e: required(jwk.e) };
    case 'ES256':
      return { kty: 'EC', kid, alg, use: 'sig', crv: 'P-256', x: required(jwk.x), y: required(jwk.y) };
    case 'EdDSA':
      return { kty: 'OKP', kid, alg, use: 'sig', crv: 'Ed25519', x: required(jwk.x) };
  }
}

/** RFC 7638 thumbprint: SHA-256 over the required public members in lexicographic order. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  let canonical: string;
  switch (jwk.kty) {
    case 'RSA':
      canonical = JSON.stringify({ e: required(jwk.e), kty: 'RSA', n: required(jwk.n) });
      break;
    case 'EC':
      canonical = JSON.stringify({ crv: required(jwk.crv), kty: 'EC', x: required(jwk.x), y: required(jwk.y) });
      break;
    case 'OKP':
      canonical = JSON.stringify({ crv: required(jwk.crv), kty: 'OKP', x: required(jwk.x) });
      break;
    default:
      throw TokenError.internal('alg_not_supported');
  }
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * The key type alone is not enough: an EC key on the wrong curve or a short RSA modulus would
 * sign tokens that verifiers reject, or that are weaker than the algorithm promises.
 */
export function assertKeyMatchesAlg(key: KeyObject, alg: SigningKeyAlg): void {
  const details = key.asymmetricKeyDetails;
  const ok =
    (alg === 'RS256' && key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) ||
    (alg === 'ES256' && key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') ||
    (alg === 'EdDSA' && key.asymmetricKeyType === 'ed25519');
  if (!ok) throw TokenError.internal('key_alg_mismatch');
}

function required(value: string | undefined): string {
  if (value === undefined) throw TokenError.internal('key_material_invalid');
  return value;
}
