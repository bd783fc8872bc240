/**
 * Signs access tokens with whatever key the holder has now (the active asymmetric key, or the
 * runbook's JWT_SECRET_KEY in HS256 mode). No key yet means 503, never an unsigned token.
 */
import { scopesForRoles, type Scope } from '@tr4ction/contracts';
import { ServiceError } from '@tr4ction/messaging';
import { TOKEN_AUDIENCE } from '@tr4ction/platform';
import { AccessTokenSigner, type AccessTokenSigningKey, type SignedAccessToken } from '@tr4ction/tokens';

/** Where the current signing key comes from (SigningKeyHolder in the service). */
export interface SigningKeySource {
  current(): AccessTokenSigningKey | undefined;
}

export const PASSWORD_CHANGE_SCOPE: Scope = 'password:change';
/** A token that may only enrol a second factor (the user's role requires one). */
export const MFA_ENROLL_SCOPE: Scope = 'mfa:enroll';

/** A forced password change comes first, then a required factor enrolment; otherwise the scopes of the roles. */
export function sessionScope(user: { roles: readonly string[]; password_change_required: boolean; mfa_enrollment_required?: boolean }): string {
  if (user.password_change_required) return PASSWORD_CHANGE_SCOPE;
  if (user.mfa_enrollment_required) return MFA_ENROLL_SCOPE;
  return scopesForRoles(user.roles).join(' ');
}

export interface IssueOptions {
  /** The newest revocation cutoff that applies to this subject (see AccessTokenClaimsInput.issuedAtFloor). */
  issuedAtFloor?: Date;
  extra?: Record<string, unknown>;
}

export class TokenIssuer {
  private readonly signer: AccessTokenSigner;

  constructor(
    private readonly keys: SigningKeySource,
    /** A fixed lifetime, or one read at every issue (the runtime setting). */
    private readonly ttlSeconds: number | (() => number),
    now: () => number,
    /** The `iss` of every token (tokenIssuer(config)). */
    readonly issuer: string,
  ) {
    this.signer = new AccessTokenSigner({ issuer, audience: TOKEN_AUDIENCE, now });
  }

  issue(sub: string, roles: readonly string[], scope: string, options: IssueOptions = {}): SignedAccessToken {
    const key = this.keys.current();
    if (!key) throw new ServiceError('SERVICE_UNAVAILABLE', 'No signing key is available yet; retry shortly', { retry_after_seconds: 1 });
    return this.signer.sign(
      {
        sub,
        roles,
        scope,
        ttlSeconds: typeof this.ttlSeconds === 'function' ? this.ttlSeconds() : this.ttlSeconds,
        issuedAtFloor: options.issuedAtFloor,
        extra: options.extra,
      },
      key,
    );
  }
}
