/** The JWK shapes are part of the contracts (rotation-service's replies carry them). */
export type { EcPublicJwk, JwkSet, OkpPublicJwk, PublicJwk, RsaPublicJwk } from '@tr4ction/contracts';
