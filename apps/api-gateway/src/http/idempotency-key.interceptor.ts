/**
 * Idempotency-Key (IETF draft) at the edge: a client or load balancer that sends the same key again
 * (to this gateway or another) after losing the answer gets the first answer instead of a second
 * registration, login or change. The gateway keeps nothing: it derives the keys of the request's
 * RPC calls from the header, and the services' ledgers do the rest. Without the header nothing
 * changes; a malformed one is refused before any work.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { HTTP_IDEMPOTENCY_KEY_HEADER, HTTP_IDEMPOTENCY_KEY_PATTERN } from '@tr4ction/contracts';
import { httpRequestKey, withCallerKey } from '@tr4ction/messaging';
import { GatewayError } from './problem';

@Injectable()
export class IdempotencyKeyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers[HTTP_IDEMPOTENCY_KEY_HEADER];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !HTTP_IDEMPOTENCY_KEY_PATTERN.test(header)) {
      throw new GatewayError('BAD_REQUEST', 'Idempotency-Key must be one header of 16 to 255 visible ASCII characters (a random UUID fits)');
    }
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const key = httpRequestKey(header, req.method, req.url, authorization);
    return from(withCallerKey(key, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
