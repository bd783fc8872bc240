/**
 * HS256 (runbook) mode: the services that do not hold JWT_SECRET_KEY ask here whether a presented
 * access token is valid (signature, expiry, revocation), so the secret stays with its holders.
 * The answer tells the asker only what the token's holder already knows. With asymmetric keys
 * every service verifies locally and nobody needs this.
 */
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RPC, type IntrospectionReply } from '@tr4ction/contracts';
import { type RpcEnvelope, RpcHandler } from '@tr4ction/messaging';
import { RPC_PROOF, type RpcProof } from '@tr4ction/platform';
import { MAX_TOKEN_LENGTH } from '@tr4ction/tokens';

@Controller()
export class IntrospectionHandler {
  constructor(@Inject(RPC_PROOF) private readonly proof: RpcProof) {}

  @RpcHandler(RPC.auth.introspect)
  introspect(@Payload() envelope: RpcEnvelope<{ token?: unknown }>): IntrospectionReply {
    const judge = this.proof.localJudge;
    if (!judge) return { active: false, reason: 'not_ready' };
    const token = envelope?.data?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { active: false, reason: 'invalid' };
    const judgement = judge.judgeNow(token);
    return judgement.ok ? { active: true, subject: judgement.subject } : { active: false, reason: judgement.reason };
  }
}
