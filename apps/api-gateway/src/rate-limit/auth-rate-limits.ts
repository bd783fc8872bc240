/**
 * The limits on /auth/*: per client address (every POST under /auth/) and per account (login per
 * email, password change per user). Limits are configuration (RATE_LIMIT_*), sized so a person
 * never meets them and a password-guessing script does.
 *
 * When Postgres does not answer, requests pass (fail open, with a warning): every service behind
 * the gateway needs Postgres anyway, and the per-account lockout in user-service still bounds
 * guessing, so failing closed would only turn a counter hiccup into a login outage.
 */
import { Counter } from 'prom-client';
import type { Logger } from '@tr4ction/telemetry';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { PostgresRateLimiter } from './postgres-rate-limiter';
import { RateLimitedError } from './rate-limited.error';

export interface AuthRateLimitConfig {
  RATE_LIMIT_WINDOW_SECONDS: number;
  RATE_LIMIT_AUTH_PER_IP: number;
  RATE_LIMIT_AUTH_PER_ACCOUNT: number;
}

const WARN_EVERY_MS = 30_000;

export class AuthRateLimits {
  private readonly limited: Counter<'bucket'>;
  private readonly unavailable: Counter;
  private lastWarning = 0;

  constructor(
    private readonly limiter: PostgresRateLimiter,
    private readonly config: AuthRateLimitConfig,
    private readonly logger: Logger,
    metrics: GatewayMetrics,
  ) {
    this.limited = new Counter({ name: 'tr4ction_rate_limited_total', help: 'Requests refused by a rate limit', labelNames: ['bucket'], registers: [metrics.registry] });
    this.unavailable = new Counter({ name: 'tr4ction_rate_limit_store_errors_total', help: 'Rate-limit checks passed because the store did not answer', registers: [metrics.registry] });
  }

  /** Throws RateLimitedError once the client address is over its budget. */
  checkAddress(address: string): Promise<void> {
    return this.check('ip', address || 'unknown', this.config.RATE_LIMIT_AUTH_PER_IP);
  }

  /** `account` is what identifies the target: a normalized email, or a user id. */
  checkAccount(account: string): Promise<void> {
    return this.check('account', account, this.config.RATE_LIMIT_AUTH_PER_ACCOUNT);
  }

  private async check(bucket: string, subject: string, limit: number): Promise<void> {
    let decision;
    try {
      decision = await this.limiter.hit(bucket, subject, limit, this.config.RATE_LIMIT_WINDOW_SECONDS);
    } catch (err) {
      this.unavailable.inc();
      if (Date.now() - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = Date.now();
        this.logger.warn({ err_name: (err as Error).name }, 'rate-limit store unavailable; letting requests through');
      }
      return;
    }
    if (!decision.allowed) {
      this.limited.inc({ bucket });
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
  }
}

export function normalizeAccount(email: string): string {
  return email.trim().toLowerCase();
}
