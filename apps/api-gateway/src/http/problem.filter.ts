/**
 * Maps every error to problem JSON: our own codes, remote service codes, and Fastify's parser
 * errors (bad JSON, too large, wrong media type). Anything unknown becomes a bare 500 with no detail.
 */
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcCallError } from '@tr4ction/messaging';
import type { ErrorCode } from '@tr4ction/contracts';
import type { Logger } from '@tr4ction/telemetry';
import { GatewayError, problem, type Problem } from './problem';
import { RetryLaterError } from '../rate-limit/rate-limited.error';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export function toProblem(err: unknown, requestId: string, logger?: Logger): Problem {
  if (err instanceof GatewayError) return problem(err.code, err.detail, requestId, err.violations);
  if (err instanceof RpcCallError) {
    if (err.code === 'INTERNAL') {
      logger?.error({ origin: err.origin }, 'a service call failed unexpectedly');
      return problem('INTERNAL', 'An internal error occurred', requestId);
    }
    return problem(err.code, err.message, requestId, err.violations);
  }
  const e = err as { code?: string; statusCode?: number; name?: string };
  if (e?.code && FASTIFY_CODES[e.code]) {
    const code = FASTIFY_CODES[e.code];
    return problem(
      code,
      code === 'MALFORMED_JSON'
        ? 'The body is not valid JSON'
        : code === 'PAYLOAD_TOO_LARGE'
          ? 'The body is larger than allowed'
          : 'The request cannot be read',
      requestId,
    );
  }
  if (err instanceof SyntaxError) return problem('MALFORMED_JSON', 'The body is not valid JSON', requestId);
  if (err instanceof HttpException) {
    // Nest wraps Fastify's parser errors; only their status and kind are kept, never the text.
    if (err.getStatus() === 400 && /JSON/.test(err.message)) return problem('MALFORMED_JSON', 'The body is not valid JSON', requestId);
    const code = HTTP_CODES[err.getStatus()] ?? (err.getStatus() >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    return problem(code, err.getStatus() === 404 ? 'No such route' : 'The request cannot be processed', requestId);
  }
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return problem(HTTP_CODES[e.statusCode] ?? 'BAD_REQUEST', 'The request cannot be processed', requestId);
  logger?.error({ err_name: e?.name }, 'unhandled error at the gateway');
  return problem('INTERNAL', 'An internal error occurred', requestId);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toProblem(exception, String(req.id), this.logger);
    if (body.code === 'RATE_LIMITED' || body.status === 503) {
      const retry =
        (exception instanceof RpcCallError || exception instanceof RetryLaterError) && exception.retryAfterSeconds ? exception.retryAfterSeconds : 1;
      void reply.header('Retry-After', String(retry));
    }
    void reply.status(body.status).header('Content-Type', 'application/problem+json').send(body);
  }
}
