import { GatewayError } from '../http/problem';

/** 429 with the seconds a client should wait, sent as Retry-After. */
export class RateLimitedError extends GatewayError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; retry later');
  }
}
