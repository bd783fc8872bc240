/**
 * The tokens' `iss`: ISSUER_URL without a trailing slash (RFC 8414 issuer identifiers have none), so
 * the signer, every verifier and the discovery document agree on one string.
 */
export function tokenIssuer(config: { ISSUER_URL: string }): string {
  return config.ISSUER_URL.replace(/\/+$/, '');
}
export const TOKEN_AUDIENCE = 'tr4ction-api';
