/**
 * Service side of request/reply: continues the caller's trace from the NATS headers, so one trace
 * id covers gateway -> service -> (via the outbox) the consumers of the resulting events.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { context as otelContext, extractTraceContext, markSpanFailed, SpanKind, trace } from '@tr4ction/telemetry';
import { natsHeaderBag } from '../nats/nats-headers';

@Injectable()
export class RpcTraceInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const rpc = ctx.switchToRpc().getContext<unknown>();
    if (!(rpc instanceof NatsContext)) return next.handle();
    const headers = rpc.getHeaders();
    const parent = headers ? extractTraceContext(natsHeaderBag(headers)) : otelContext.active();
    const subject = rpc.getSubject();
    return new Observable((subscriber) => {
      const span = trace.getTracer('tr4ction').startSpan(
        `${subject} process`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'messaging.system': 'nats',
            'messaging.destination.name': subject,
            'messaging.operation.type': 'process',
            'messaging.operation.name': 'process',
            'rpc.system': 'nats',
            'rpc.method': subject,
          },
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      const sub = otelContext.with(active, () =>
        next.handle().subscribe({
          next: (v) => subscriber.next(v),
          error: (e: unknown) => {
            markSpanFailed(span, e);
            span.end();
            subscriber.error(e);
          },
          complete: () => {
            span.end();
            subscriber.complete();
          },
        }),
      );
      return () => sub.unsubscribe();
    });
  }
}
