/**
 * The gateway's rate limits, each in its own bucket (kind), so one kind can never spend another's
 * budget: a login for the "email" `user:<uuid>` does not touch that user's password-change budget.
 * - `auth-ip`: every POST under /auth/ and /oauth/ per client address (IPv6 per /64);
 * - `login-email`: logins per target email; `password-change`: password changes per user;
 * - `audit-refusal`: refused /audit/* reads per caller.
 * Limits are configuration (RATE_LIMIT_*), sized so a person never meets them and a script does.
 *
 * When the store (Postgres) does not answer, RATE_LIMIT_FAILURE_MODE decides: `closed` (the
 * production default) refuses with 503 + Retry-After, since an unlimited login endpoint is an
 * argon2 amplifier and a password-spraying window; `open` (the development default) lets the
 * request through with a warning, leaning on the per-account lockout in user-service.
 */
import { Counter } from 'prom-client';
import type { Logger } from '@tr4ction/telemetry';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { addressKey } from './address-key';
import type { PostgresRateLimiter } from './postgres-rate-limiter';
import { RateLimitedError, RateLimitUnavailableError } from './rate-limited.error';

export type RateLimitFailureMode = 'open' | 'closed';

export interface AuthRateLimitConfig {
  ENVIRONMENT?: string;
  RATE_LIMIT_WINDOW_SECONDS: number;
  RATE_LIMIT_AUTH_PER_IP: number;
  RATE_LIMIT_AUTH_PER_ACCOUNT: number;
  RATE_LIMIT_AUDIT_REFUSALS_PER_CALLER?: number;
  RATE_LIMIT_FAILURE_MODE?: RateLimitFailureMode;
}

export type RateLimitKind = 'auth-ip' | 'login-email' | 'password-change' | 'audit-refusal';

const WARN_EVERY_MS = 30_000;
/** Subjects this replica knows to be over a limit until their window ends; bounded memory. */
const MAX_KNOWN_OVER = 10_000;
const DEFAULT_AUDIT_REFUSALS = 20;

export function failureModeOf(config: Pick<AuthRateLimitConfig, 'ENVIRONMENT' | 'RATE_LIMIT_FAILURE_MODE'>): RateLimitFailureMode {
  return config.RATE_LIMIT_FAILURE_MODE ?? (config.ENVIRONMENT === 'production' ? 'closed' : 'open');
}

export class AuthRateLimits {
  readonly failureMode: RateLimitFailureMode;
  private readonly limited: Counter<'bucket'>;
  private readonly unavailable: Counter<'mode'>;
  private lastWarning = 0;
  /**
   * A subject over its limit stays over until the window ends: later requests are refused from
   * memory, so a flood costs Postgres one write per subject and window on each replica, not one per request.
   */
  private readonly knownOver = new Map<string, number>();

  constructor(
    private readonly limiter: Pick<PostgresRateLimiter, 'hit'>,
    private readonly config: AuthRateLimitConfig,
    private readonly logger: Pick<Logger, 'warn'>,
    metrics: GatewayMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.failureMode = failureModeOf(config);
    this.limited = new Counter({
      name: 'tr4ction_rate_limited_total',
      help: 'Requests refused by a rate limit',
      labelNames: ['bucket'],
      registers: [metrics.registry],
    });
    this.unavailable = new Counter({
      name: 'tr4ction_rate_limit_store_errors_total',
      help: 'Rate-limit checks the store did not answer (mode: what was done with the request)',
      labelNames: ['mode'],
      registers: [metrics.registry],
    });
  }

  /** Throws RateLimitedError once the client address (its /64 for IPv6) is over its budget. */
  checkAddress(address: string): Promise<void> {
    return this.check('auth-ip', addressKey(address), this.config.RATE_LIMIT_AUTH_PER_IP);
  }

  /** Logins per target email, normalized like user-service does (unknown emails alike). */
  checkLogin(email: string): Promise<void> {
    return this.check('login-email', normalizeAccount(email), this.config.RATE_LIMIT_AUTH_PER_ACCOUNT);
  }

  /** Password changes per user. */
  checkPasswordChange(userId: string): Promise<void> {
    return this.check('password-change', userId, this.config.RATE_LIMIT_AUTH_PER_ACCOUNT);
  }

  /** Refused audit reads per caller (`user:<id>` or `service_account:<id>`). */
  checkAuditRefusal(caller: string): Promise<void> {
    return this.check('audit-refusal', caller, this.config.RATE_LIMIT_AUDIT_REFUSALS_PER_CALLER ?? DEFAULT_AUDIT_REFUSALS);
  }

  private async check(kind: RateLimitKind, subject: string, limit: number): Promise<void> {
    const known = `${kind}:${subject}`;
    const overUntil = this.knownOver.get(known);
    if (overUntil !== undefined) {
      const left = overUntil - this.now();
      if (left > 0) {
        this.limited.inc({ bucket: kind });
        throw new RateLimitedError(Math.max(1, Math.ceil(left / 1000)));
      }
      this.knownOver.delete(known);
    }
    let decision;
    try {
      decision = await this.limiter.hit(kind, subject, limit, this.config.RATE_LIMIT_WINDOW_SECONDS);
    } catch (err) {
      this.unavailable.inc({ mode: this.failureMode });
      if (Date.now() - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = Date.now();
        this.logger.warn(
          { err_name: (err as Error).name, failure_mode: this.failureMode },
          this.failureMode === 'open' ? 'rate-limit store unavailable; letting requests through' : 'rate-limit store unavailable; refusing limited requests',
        );
      }
      if (this.failureMode === 'closed') throw new RateLimitUnavailableError();
      return;
    }
    if (!decision.allowed) {
      this.limited.inc({ bucket: kind });
      this.rememberOver(known, decision.retryAfterSeconds);
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
  }

  private rememberOver(known: string, retryAfterSeconds: number): void {
    // Map keeps insertion order: past the bound, forget the oldest (they are only asked Postgres again).
    if (this.knownOver.size >= MAX_KNOWN_OVER) {
      const oldest = this.knownOver.keys().next().value;
      if (oldest !== undefined) this.knownOver.delete(oldest);
    }
    // The window's end is known to the second; Postgres says so again after it.
    this.knownOver.set(known, this.now() + (retryAfterSeconds - 1) * 1000);
  }
}

export function normalizeAccount(email: string): string {
  return email.trim().toLowerCase();
}
