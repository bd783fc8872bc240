/**
 * Who judges the access token a request carries. With asymmetric keys every service verifies
 * locally (signature, expiry, revocation; no round trip). In HS256 mode the secret stays with the
 * services that already hold it (auth-service, the gateway): the others ask auth-service
 * (`rpc.auth.introspect`), so a compromised audit- or user-service host cannot mint tokens.
 */
import { RPC, type ProvenTokenSubject, type RequestMeta } from '@tr4ction/contracts';
import type { RpcClient } from '@tr4ction/messaging';
import { judgePresentedToken, type VerifiedClaims } from '@tr4ction/tokens';
import type { TokenVerification } from './token-verification';

export type TokenJudgement = { ok: true; subject: ProvenTokenSubject } | { ok: false; reason: 'not_ready' | 'invalid' | 'expired' | 'revoked' };

export interface AccessTokenJudge {
  /** Why tokens cannot be judged yet, or undefined once they can. */
  notReady(): string | undefined;
  judge(token: string): Promise<TokenJudgement>;
}

export function provenSubject(claims: VerifiedClaims): ProvenTokenSubject {
  const clientId = claims.extra['client_id'];
  return { sub: claims.sub, roles: claims.roles, scope: claims.scope, ...(typeof clientId === 'string' ? { client_id: clientId } : {}) };
}

export class LocalAccessTokenJudge implements AccessTokenJudge {
  constructor(private readonly tokens: Pick<TokenVerification, 'state' | 'verifier'>) {}

  notReady(): string | undefined {
    return this.tokens.state.ready() ? undefined : 'token_state_loading';
  }

  judge(token: string): Promise<TokenJudgement> {
    return Promise.resolve(this.judgeNow(token));
  }

  judgeNow(token: string): TokenJudgement {
    const verdict = judgePresentedToken(this.tokens.verifier, this.tokens.state, token);
    return verdict.ok ? { ok: true, subject: provenSubject(verdict.claims) } : verdict;
  }
}

export class IntrospectingAccessTokenJudge implements AccessTokenJudge {
  private readonly meta: RequestMeta;

  constructor(
    private readonly rpc: RpcClient,
    service: string,
  ) {
    this.meta = { actor: { type: 'system', id: service } };
  }

  notReady(): undefined {
    return undefined;
  }

  async judge(token: string): Promise<TokenJudgement> {
    const reply = await this.rpc.send(RPC.auth.introspect, this.meta, { token });
    return reply.active ? { ok: true, subject: reply.subject } : { ok: false, reason: reply.reason };
  }
}
