/**
 * Request/reply from the gateway (or the CLI) to a service over core NATS, carrying the W3C trace
 * context in message headers. Remote failures come back as `RpcCallError` with a stable code.
 */
import type { ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, NatsRecordBuilder, Transport } from '@nestjs/microservices';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { isErrorCode, type ErrorCode, type RequestMeta, type RpcErrorPayload } from '@tr4ction/contracts';
import { inSpan, injectTraceHeaders, SpanKind } from '@tr4ction/telemetry';
import { natsHeaderBag, newHeaders } from '../nats/nats-headers';

export class RpcCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations?: RpcErrorPayload['violations'],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'RpcCallError';
  }
}

export interface RpcEnvelope<T> {
  meta: RequestMeta;
  data: T;
}

export class RpcClient {
  constructor(
    private readonly client: ClientProxy,
    private readonly timeoutMs: number,
  ) {}

  async send<TReq, TRes>(pattern: string, meta: RequestMeta, data: TReq, timeoutMs = this.timeoutMs): Promise<TRes> {
    return inSpan(
      `${pattern} send`,
      { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': pattern, 'messaging.operation.type': 'send', 'rpc.system': 'nats' } },
      async () => {
        const headers = newHeaders();
        injectTraceHeaders(natsHeaderBag(headers));
        if (meta.request_id) headers.set('x-request-id', meta.request_id);
        const record = new NatsRecordBuilder<RpcEnvelope<TReq>>({ meta, data }).setHeaders(headers).build();
        try {
          return await lastValueFrom(this.client.send<TRes>(pattern, record).pipe(timeout(timeoutMs)));
        } catch (err) {
          throw toRpcCallError(err);
        }
      },
    );
  }
}

export function toRpcCallError(err: unknown): RpcCallError {
  if (err instanceof RpcCallError) return err;
  if (err instanceof TimeoutError) return new RpcCallError('SERVICE_UNAVAILABLE', 'A service did not answer in time');
  if (err && typeof err === 'object') {
    const e = err as Partial<RpcErrorPayload> & { message?: unknown };
    if (isErrorCode(e.code)) return new RpcCallError(e.code, typeof e.message === 'string' ? e.message : e.code, e.violations, e.retry_after_seconds);
  }
  const message = err instanceof Error ? err.message : '';
  if (/CONNECTION_REFUSED|DISCONNECT|CLOSED|no responders|not connected/i.test(message)) return new RpcCallError('SERVICE_UNAVAILABLE', 'The message bus is unavailable');
  return new RpcCallError('INTERNAL', 'Internal error');
}

/** A request/reply client on its own NATS connection, reconnecting forever. */
export function createRpcClient(servers: string[], name: string, timeoutMs: number): { rpc: RpcClient; proxy: ClientProxy } {
  const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers, name, maxReconnectAttempts: -1, reconnectTimeWait: 250 } });
  return { rpc: new RpcClient(proxy, timeoutMs), proxy };
}
