/**
 * Request/reply from the gateway (or the CLI) to a service over core NATS, carrying the W3C trace
 * context in message headers. Remote failures come back as `RpcCallError` with a stable code.
 */
import type { ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, NatsRecordBuilder, Transport } from '@nestjs/microservices';
import { lastValueFrom, TimeoutError } from 'rxjs';
import type { NatsConnection } from 'nats';
import {
  IDEMPOTENCY_KEY_FIRST_SEND_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  isErrorCode,
  isStateChangingRpc,
  type BusIdentity,
  type ErrorCode,
  type RequestMeta,
  type RequestProof,
  type RpcErrorPayload,
  type RpcPattern,
  type RpcReply,
  type RpcRequest,
} from '@tr4ction/contracts';
import { inSpan, injectTraceHeaders, SpanKind } from '@tr4ction/telemetry';
import { natsHeaderBag, newHeaders } from '../nats/nats-headers';
import { busConnectionOptions, type BusConfig } from '@tr4ction/bus';
import { callGetsNewKey, idempotencyKeyForCall } from './idempotency/idempotency-key';

export class RpcCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations?: RpcErrorPayload['violations'],
    readonly retryAfterSeconds?: number,
    /** What the bus said, for logs (an error name or code, never a payload). */
    readonly origin?: string,
    /**
     * The bus lost the request or its reply (the connection dropped, or no subscriber was there):
     * it may be sent again. It may also have arrived and acted, which is safe only because every
     * state-changing request carries its idempotency key and the receiver applies it once.
     */
    readonly resendable = false,
  ) {
    super(message);
    this.name = 'RpcCallError';
  }
}

export interface RpcEnvelope<T> {
  meta: RequestMeta;
  data: T;
}

/** Makes the proof a request carries from its pattern and payload (the CLI's signed operator assertion), or none. */
export type RequestProver = (pattern: string, data: unknown) => RequestProof | undefined;

/**
 * While the bus is reconnecting, requests are buffered by the NATS client and delivered once it is
 * back; their deadline stretches to `outageGraceMs`, so a broker restart delays requests instead of
 * failing them. With the bus up, the normal timeout applies.
 */
export class RpcClient {
  private connected = true;
  private lastOutageAt = 0;
  private prover?: RequestProver;
  /** A service briefly without subscribers (a replica restarting) is waited for this long. */
  private static readonly NO_RESPONDER_GRACE_MS = 3000;

  constructor(
    private readonly client: ClientProxy,
    private readonly timeoutMs: number,
    private readonly outageGraceMs = 30_000,
  ) {}

  /** Follows the connection's state (the Nest client reconnects by itself). */
  trackConnection(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnecting') {
          this.connected = false;
          this.lastOutageAt = Date.now();
        }
        if (status.type === 'reconnect') {
          this.connected = true;
          this.lastOutageAt = Date.now();
        }
      }
    })().catch(() => undefined);
  }

  /** Every request this client sends from now on carries the proof `prover` makes for it. */
  useProver(prover: RequestProver): void {
    this.prover = prover;
  }

  get busConnected(): boolean {
    return this.connected;
  }

  private withDeadline<T>(result: Promise<T>, timeoutMs: number): Promise<T> {
    const started = Date.now();
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        // The grace lasts past the reconnect: a request buffered through the outage is delivered
        // only now and its service may still be resubscribing, so the normal timeout (long since
        // passed) would fail it the moment the bus returned.
        const recentOutage = !this.connected || Date.now() - this.lastOutageAt < this.outageGraceMs;
        const limit = recentOutage ? Math.max(timeoutMs, this.outageGraceMs) : timeoutMs;
        const wait = started + limit - Date.now();
        if (wait <= 0) {
          reject(new RpcCallError('SERVICE_UNAVAILABLE', 'A service did not answer in time'));
          return;
        }
        timer = setTimeout(arm, Math.min(wait, 500));
      };
      arm();
      result.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(toRpcCallError(e));
        },
      );
    });
  }

  /** Both sides come from the RPC catalogue: a request or a reply of the wrong shape does not compile. */
  async send<P extends RpcPattern>(pattern: P, meta: RequestMeta, data: RpcRequest<P>, timeoutMs = this.timeoutMs): Promise<RpcReply<P>> {
    return inSpan(
      `${pattern} send`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': pattern,
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'request',
          'rpc.system': 'nats',
          'rpc.method': pattern,
        },
      },
      async () => {
        const headers = newHeaders();
        injectTraceHeaders(natsHeaderBag(headers));
        if (meta.request_id) headers.set('x-request-id', meta.request_id);
        // One key per logical call, made before the first send: every resend below carries the same.
        if (isStateChangingRpc(pattern)) {
          if (callGetsNewKey()) headers.set(IDEMPOTENCY_KEY_FIRST_SEND_HEADER, '1');
          headers.set(IDEMPOTENCY_KEY_HEADER, idempotencyKeyForCall(pattern));
        }
        const proof = meta.proof ?? this.prover?.(pattern, data);
        const record = new NatsRecordBuilder<RpcEnvelope<RpcRequest<P>>>({ meta: proof ? { ...meta, proof } : meta, data }).setHeaders(headers).build();
        const started = Date.now();
        for (;;) {
          try {
            return await this.withDeadline(lastValueFrom(this.client.send<RpcReply<P>>(pattern, record)), timeoutMs);
          } catch (err) {
            // Lost on the bus (the connection dropped, or no subscriber is back yet): sent again under
            // the same idempotency key, so a request that did arrive is answered, not applied twice.
            // Right after a bus outage services resubscribe one by one, so the whole grace applies;
            // otherwise only a short wait for a restarting replica.
            if (!(err instanceof RpcCallError && err.resendable)) throw err;
            const recentOutage = !this.connected || Date.now() - this.lastOutageAt < this.outageGraceMs;
            const deadline = started + (recentOutage ? this.outageGraceMs : RpcClient.NO_RESPONDER_GRACE_MS);
            if (Date.now() >= deadline) throw err;
            await this.untilConnected(deadline);
            await new Promise((r) => setTimeout(r, 100));
            // The first send may have arrived: the receiver must look the key up from now on.
            headers.delete(IDEMPOTENCY_KEY_FIRST_SEND_HEADER);
          }
        }
      },
    );
  }

  private async untilConnected(deadline: number): Promise<void> {
    while (!this.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
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
  const origin =
    err instanceof Error
      ? `${err.name}${(err as { code?: string }).code ? `:${(err as { code?: string }).code}` : ''}: ${err.message.slice(0, 120)}`
      : typeof err === 'string'
        ? err.slice(0, 120)
        : typeof err;
  if (/Connection lost|Trying to reconnect|no subscribers listening/i.test(`${message} ${origin}`))
    return new RpcCallError('SERVICE_UNAVAILABLE', 'The message bus is unavailable', undefined, 1, origin, true);
  if (/CONNECTION_REFUSED|DISCONNECT|CLOSED|no responders|not connected/i.test(`${message} ${origin}`))
    return new RpcCallError('SERVICE_UNAVAILABLE', 'The message bus is unavailable', undefined, 1, origin);
  return new RpcCallError('INTERNAL', 'Internal error', undefined, undefined, origin);
}

/** A request/reply client on its own NATS connection, reconnecting forever and tracking its state. */
export async function createRpcClient(
  bus: BusConfig,
  identity: BusIdentity,
  name: string,
  timeoutMs: number,
  outageGraceMs?: number,
): Promise<{ rpc: RpcClient; proxy: ClientProxy }> {
  const proxy = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { ...busConnectionOptions(bus, identity, name), maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true },
  });
  const rpc = new RpcClient(proxy, timeoutMs, outageGraceMs);
  const nc = (await proxy.connect()) as NatsConnection;
  rpc.trackConnection(nc);
  return { rpc, proxy };
}
