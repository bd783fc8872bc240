import { GatewayError } from '../http/problem';

/** A refusal the client may retry: answered with its code and a Retry-After header. */
export class RetryLaterError extends GatewayError {
  constructor(
    code: 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE',
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, detail);
  }
}

/** 429 with the seconds a client should wait, sent as Retry-After. */
export class RateLimitedError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; retry later', retryAfterSeconds);
  }
}

/** 503: the limiter's store did not answer and the limiter fails closed. */
export class RateLimitUnavailableError extends RetryLaterError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'The request cannot be admitted right now; retry shortly', 1);
  }
}
