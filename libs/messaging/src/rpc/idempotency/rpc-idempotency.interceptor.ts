/**
 * Service side of RPC idempotency: a state-changing request that carries a key runs through the
 * ledger (at most one effect per key, duplicates answered from the first delivery). Read-only
 * patterns, requests without a key and JetStream event handlers pass straight through.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IDEMPOTENCY_KEY_FIRST_SEND_HEADER, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, isStateChangingRpc } from '@tr4ction/contracts';
import { requestFingerprint } from './idempotency-key';
import type { RpcRequestLedger } from './rpc-request-ledger';

@Injectable()
export class RpcIdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly ledger: RpcRequestLedger) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const rpc = ctx.switchToRpc();
    const nats = rpc.getContext<unknown>();
    if (!(nats instanceof NatsContext)) return next.handle();
    const pattern = nats.getSubject();
    const headers = nats.getHeaders();
    const key = headers?.get(IDEMPOTENCY_KEY_HEADER);
    if (!isStateChangingRpc(pattern) || !key || !IDEMPOTENCY_KEY_PATTERN.test(key)) return next.handle();
    // The payload only: the proof guard has already rewritten the envelope's meta.
    const envelope = rpc.getData<{ data?: unknown } | undefined>();
    const fingerprint = requestFingerprint(key, pattern, envelope?.data);
    const firstSend = headers?.get(IDEMPOTENCY_KEY_FIRST_SEND_HEADER) === '1';
    return from(this.ledger.serve(pattern, key, fingerprint, () => lastValueFrom(next.handle(), { defaultValue: undefined }), { firstSend }));
  }
}
