import type { Logger } from '@tr4ction/telemetry';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { AuthRateLimits, failureModeOf, normalizeAccount, type AuthRateLimitConfig } from './auth-rate-limits';
import type { PostgresRateLimiter } from './postgres-rate-limiter';
import { RateLimitedError, RateLimitUnavailableError } from './rate-limited.error';

describe(AuthRateLimits.name, () => {
  function setup(hit: PostgresRateLimiter['hit'], config: Partial<AuthRateLimitConfig> = {}) {
    const limiter = { hit: jest.fn(hit) };
    const logger = { warn: jest.fn() };
    let now = Date.UTC(2030, 0, 1);
    const sut = new AuthRateLimits(
      limiter,
      { RATE_LIMIT_WINDOW_SECONDS: 60, RATE_LIMIT_AUTH_PER_IP: 60, RATE_LIMIT_AUTH_PER_ACCOUNT: 10, RATE_LIMIT_AUDIT_REFUSALS_PER_CALLER: 5, ...config },
      logger as unknown as Logger,
      new GatewayMetrics(),
      () => now,
    );
    return { sut, mocks: { limiter, logger }, advance: (ms: number) => (now += ms) };
  }
  const allow: PostgresRateLimiter['hit'] = async (_b, _s, limit) => ({ allowed: true, hits: 1, limit, retryAfterSeconds: 60 });
  const storeDown: PostgresRateLimiter['hit'] = async () => {
    throw new Error('connect ECONNREFUSED');
  };

  it('keeps each kind in its own bucket with its configured limit', async () => {
    const { sut, mocks } = setup(allow);
    await sut.checkAddress('192.0.2.1');
    await sut.checkLogin('  A@Example.com ');
    await sut.checkPasswordChange('5f0c6c1e-0000-4000-8000-000000000001');
    await sut.checkAuditRefusal('user:5f0c6c1e-0000-4000-8000-000000000001');
    expect(mocks.limiter.hit.mock.calls).toEqual([
      ['auth-ip', '192.0.2.1', 60, 60],
      ['login-email', 'a@example.com', 10, 60],
      ['password-change', '5f0c6c1e-0000-4000-8000-000000000001', 10, 60],
      ['audit-refusal', 'user:5f0c6c1e-0000-4000-8000-000000000001', 5, 60],
    ]);
  });

  it('a login for the "email" user:<uuid> is not counted in that user’s password-change bucket', async () => {
    const { sut, mocks } = setup(allow);
    await sut.checkLogin('user:5f0c6c1e-0000-4000-8000-000000000001');
    await sut.checkPasswordChange('5f0c6c1e-0000-4000-8000-000000000001');
    const [login, change] = mocks.limiter.hit.mock.calls;
    expect(`${login[0]}:${login[1]}`).not.toBe(`${change[0]}:${change[1]}`);
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', async () => {
    const { sut, mocks } = setup(allow);
    await sut.checkAddress('2001:db8:1:2:aaaa::1');
    await sut.checkAddress('2001:db8:1:2:ffff:ffff:ffff:ffff');
    await sut.checkAddress('2001:db8:1:3::1');
    await sut.checkAddress('::ffff:198.51.100.7');
    expect(mocks.limiter.hit.mock.calls.map((c) => c[1])).toEqual(['2001:db8:1:2::/64', '2001:db8:1:2::/64', '2001:db8:1:3::/64', '198.51.100.7']);
  });

  it('refuses over the limit with the seconds left in the window', async () => {
    const { sut } = setup(async () => ({ allowed: false, hits: 11, limit: 10, retryAfterSeconds: 17 }));
    await expect(sut.checkLogin('a@example.com')).rejects.toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 17 }));
    await expect(sut.checkLogin('a@example.com')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('once a subject is over, refuses it from memory until its window ends, then asks the store again', async () => {
    const { sut, mocks, advance } = setup(async () => ({ allowed: false, hits: 11, limit: 10, retryAfterSeconds: 17 }));
    await expect(sut.checkAuditRefusal('user:a')).rejects.toBeInstanceOf(RateLimitedError);
    advance(10_000);
    await expect(sut.checkAuditRefusal('user:a')).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 6 });
    await expect(sut.checkPasswordChange('user:a')).rejects.toBeInstanceOf(RateLimitedError);
    expect(mocks.limiter.hit).toHaveBeenCalledTimes(2);
    advance(6_000);
    await expect(sut.checkAuditRefusal('user:a')).rejects.toBeInstanceOf(RateLimitedError);
    expect(mocks.limiter.hit).toHaveBeenCalledTimes(3);
  });

  it('fails open when so configured: requests pass while the store does not answer, warning once in a while', async () => {
    const { sut, mocks } = setup(storeDown, { RATE_LIMIT_FAILURE_MODE: 'open' });
    await expect(sut.checkAddress('192.0.2.1')).resolves.toBeUndefined();
    await expect(sut.checkAddress('192.0.2.1')).resolves.toBeUndefined();
    expect(mocks.logger.warn).toHaveBeenCalledTimes(1);
  });

  it('fails closed when so configured: 503 SERVICE_UNAVAILABLE with Retry-After while the store does not answer', async () => {
    const { sut } = setup(storeDown, { RATE_LIMIT_FAILURE_MODE: 'closed' });
    await expect(sut.checkLogin('a@example.com')).rejects.toBeInstanceOf(RateLimitUnavailableError);
    await expect(sut.checkAddress('192.0.2.1')).rejects.toEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 }));
  });

  it('defaults to closed in production and open elsewhere; an explicit setting wins', () => {
    expect(failureModeOf({ ENVIRONMENT: 'production' })).toBe('closed');
    expect(failureModeOf({ ENVIRONMENT: 'development' })).toBe('open');
    expect(failureModeOf({ ENVIRONMENT: 'test' })).toBe('open');
    expect(failureModeOf({ ENVIRONMENT: 'production', RATE_LIMIT_FAILURE_MODE: 'open' })).toBe('open');
    expect(failureModeOf({ ENVIRONMENT: 'development', RATE_LIMIT_FAILURE_MODE: 'closed' })).toBe('closed');
  });

  it('normalizes accounts like user-service does', () => {
    expect(normalizeAccount('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
