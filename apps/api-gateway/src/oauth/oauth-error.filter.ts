/** Problem JSON plus RFC 6749 `error` / `error_description` for everything the OAuth endpoints answer with. */
import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcCallError } from '@tr4ction/messaging';
import type { Logger } from '@tr4ction/telemetry';
import { GATEWAY_LOGGER } from '../gateway.tokens';
import { toProblem } from '../http/problem.filter';
import { RetryLaterError } from '../rate-limit/rate-limited.error';
import { oauthErrorFor } from './oauth.errors';

@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  constructor(@Inject(GATEWAY_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toProblem(exception, String(req.id), this.logger);
    const error = oauthErrorFor(body.code);
    if (body.status === 429 || body.status === 503) {
      const retry =
        (exception instanceof RpcCallError || exception instanceof RetryLaterError) && exception.retryAfterSeconds ? exception.retryAfterSeconds : 1;
      void reply.header('Retry-After', String(retry));
    }
    // RFC 6749 5.2: a failed client authentication is 401 with a challenge for the scheme a client can use.
    if (error === 'invalid_client') void reply.header('WWW-Authenticate', 'Basic realm="tr4ction", charset="UTF-8"');
    void reply
      .status(body.status)
      .header('Content-Type', 'application/problem+json')
      .header('Cache-Control', 'no-store')
      .send({ ...body, error, error_description: body.detail });
  }
}
