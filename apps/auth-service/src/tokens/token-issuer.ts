/**
 * Signs access tokens with whatever key the holder has now (the active asymmetric key, or the
 * runbook's JWT_SECRET_KEY in HS256 mode). No key yet means 503, never an unsigned token.
 */
import { ServiceError } from '@tr4ction/messaging';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@tr4ction/platform';
import { AccessTokenSigner, type AccessTokenSigningKey, type SignedAccessToken } from '@tr4ction/tokens';

/** Where the current signing key comes from (SigningKeyHolder in the service). */
export interface SigningKeySource {
  current(): AccessTokenSigningKey | undefined;
}

export const PASSWORD_CHANGE_SCOPE = 'password:change';
/** A token that may only enrol a second factor (the user's role requires one). */
export const MFA_ENROLL_SCOPE = 'mfa:enroll';
export const FULL_SCOPE = 'api';

/** A forced password change comes first, then a required factor enrolment; otherwise the full API. */
export function sessionScope(user: { password_change_required: boolean; mfa_enrollment_required?: boolean }): string {
  if (user.password_change_required) return PASSWORD_CHANGE_SCOPE;
  if (user.mfa_enrollment_required) return MFA_ENROLL_SCOPE;
  return FULL_SCOPE;
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
  ) {
    this.signer = new AccessTokenSigner({ issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, now });
  }

  get issuer(): string {
    return TOKEN_ISSUER;
  }

  issue(sub: string, roles: readonly string[], scope: string, options: IssueOptions = {}): SignedAccessToken {
    const key = this.keys.current();
    if (!key) throw new ServiceError('SERVICE_UNAVAILABLE', 'No signing key is available yet; retry shortly', { retry_after_seconds: 1 });
    return this.signer.sign({ sub, roles, scope, ttlSeconds: typeof this.ttlSeconds === 'function' ? this.ttlSeconds() : this.ttlSeconds, issuedAtFloor: options.issuedAtFloor, extra: options.extra }, key);
  }
}
