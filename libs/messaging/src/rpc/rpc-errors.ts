/**
 * Service side errors: a feature throws `ServiceError(code, ...)`; the filter turns any error into
 * an `RpcErrorPayload`, hiding internals (no stack, no SQL, no values) behind `INTERNAL`.
 */
import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { ErrorCode, RpcErrorPayload } from '@tr4ction/contracts';
import { isDatabaseUnavailable } from '@tr4ction/persistence';
import type { Logger } from '@tr4ction/telemetry';
import { RpcCallError } from './rpc-client';

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<RpcErrorPayload, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function toRpcErrorPayload(err: unknown, logger?: Logger): RpcErrorPayload {
  if (err instanceof ServiceError) return { code: err.code, message: err.message, ...err.extra };
  // A downstream service's answer passes through unchanged (its code already says what went wrong).
  if (err instanceof RpcCallError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.violations ? { violations: err.violations } : {}),
      ...(err.retryAfterSeconds ? { retry_after_seconds: err.retryAfterSeconds } : {}),
    };
  }
  if (err instanceof RpcException) {
    const e = err.getError();
    if (e && typeof e === 'object' && 'code' in e) return e as RpcErrorPayload;
  }
  if (isDatabaseUnavailable(err)) return { code: 'DEPENDENCY_UNAVAILABLE', message: 'The database is unavailable' };
  logger?.error({ err_name: err instanceof Error ? err.name : typeof err, err: err instanceof Error ? err.message : undefined }, 'unexpected error in handler');
  return { code: 'INTERNAL', message: 'Internal error' };
}

@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger?: Logger) {}
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const payload = toRpcErrorPayload(exception, this.logger);
    return throwError(() => payload);
  }
}
