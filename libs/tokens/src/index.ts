// Public entry of @tr4ction/tokens: pure token and key logic, no database and no Nest modules.
export * from './errors/token.errors';
export * from './jwt/token-algorithms.constants';
export * from './jwt/access-token.types';
export { AccessTokenSigner, type AccessTokenSignerOptions } from './jwt/access-token.signer';
export { AccessTokenVerifier, type AccessTokenVerifierOptions } from './jwt/access-token.verifier';
export { hmacKeyId } from './jwt/hmac-key.util';
export { MAX_TOKEN_LENGTH } from './jwt/jose-header.util';
export * from './keys/public-jwk.types';
export { generateSigningKey, toPublicJwk, jwkThumbprint, type GeneratedSigningKey, type PublicSigningKey } from './keys/signing-key.util';
export { encryptPrivateKey, decryptPrivateKey, decryptPrivateKeyWithAny } from './keys/private-key-encryption.util';
export { deriveMasterKey, masterKeyId } from './keys/master-key.util';
export * from './keys/signing-key-lifecycle.policy';
export { AccessTokenLifetimeWindow, type AccessTokenLifetimeWindowOptions } from './keys/access-token-lifetime-window';
export * from './opaque/opaque-token.util';
export { TokenState, type PublicKeyEntry, type RevocationSnapshot, type RevokedReason } from './state/token-state';
export { judgePresentedToken, type PresentedTokenVerdict } from './state/presented-token';
