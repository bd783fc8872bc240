/**
 * Signs access tokens. Until rotation-service's asymmetric keys land, the runbook-compatible
 * HS256 mode signs with JWT_SECRET_KEY from the secrets provider.
 */
import { AccessTokenSigner, type SignedAccessToken } from '@tr4ction/tokens';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@tr4ction/platform';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const PASSWORD_CHANGE_SCOPE = 'password:change';
export const FULL_SCOPE = 'api';

export class TokenIssuer {
  private readonly signer: AccessTokenSigner;

  constructor(private readonly secret: string, now: () => number) {
    this.signer = new AccessTokenSigner({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, now });
  }

  issue(sub: string, roles: string[], scope: string): SignedAccessToken {
    return this.signer.sign({ sub, roles, scope, ttlSeconds: ACCESS_TOKEN_TTL_SECONDS }, { alg: 'HS256', secret: this.secret });
  }
}
