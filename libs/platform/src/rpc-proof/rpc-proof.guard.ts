/**
 * The one gate in front of every request/reply handler of a service (applied globally by
 * bootstrapService): the request's proof is checked against RPC_PROOF_RULES before any handler
 * runs. A pattern without a rule is refused, so a new handler cannot forget. On success the
 * envelope's actor is replaced by the verified one, so events name who proved themselves, not
 * who a message claimed to be. JetStream event consumers are not request/reply and pass through.
 */
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { refusalCode, type RequestMeta, type RpcRefusalReason } from '@tr4ction/contracts';
import { ServiceError } from '@tr4ction/messaging';
import type { RpcProofChecker } from './rpc-proof.checker';
import type { RefusalSink } from './rpc-refusal.recorder';

const MESSAGES: Record<ReturnType<typeof refusalCode>, string> = {
  UNAUTHENTICATED: 'This request must carry proof of who is asking',
  INVALID_TOKEN: 'The proof this request carries is invalid, expired or revoked',
  FORBIDDEN: 'The caller may not do this',
  PASSWORD_CHANGE_REQUIRED: 'Change your password before using the API',
  MFA_ENROLLMENT_REQUIRED: 'Enrol a second factor before using the API',
  SERVICE_UNAVAILABLE: 'Proof verification is starting; retry shortly',
};

@Injectable()
export class RpcProofGuard implements CanActivate {
  constructor(
    private readonly checker: RpcProofChecker,
    private readonly refusals: RefusalSink,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'rpc') return true;
    const rpc = ctx.switchToRpc();
    const nats = rpc.getContext<unknown>();
    if (!(nats instanceof NatsContext)) return true;
    const pattern = nats.getSubject();
    const envelope: unknown = rpc.getData();
    const record =
      typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope) ? (envelope as { meta?: RequestMeta; data?: unknown }) : undefined;
    const meta = record?.meta;
    const decision = await this.checker.check(pattern, meta, record?.data);
    if (decision.allowed) {
      if (decision.actor && record) record.meta = { ...meta, actor: decision.actor };
      // The proof has done its work: no handler, log line or span gets to see it.
      if (record?.meta) delete record.meta.proof;
      return true;
    }
    await this.refusals.record(pattern, decision, meta);
    throw refusalError(decision.reason);
  }
}

export function refusalError(reason: RpcRefusalReason): ServiceError {
  const code = refusalCode(reason);
  return new ServiceError(code, MESSAGES[code], code === 'SERVICE_UNAVAILABLE' ? { retry_after_seconds: 1 } : {});
}
