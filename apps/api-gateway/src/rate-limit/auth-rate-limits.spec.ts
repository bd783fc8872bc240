import type { Logger } from '@tr4ction/telemetry';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { AuthRateLimits, normalizeAccount } from './auth-rate-limits';
import type { PostgresRateLimiter } from './postgres-rate-limiter';
import { RateLimitedError } from './rate-limited.error';

describe(AuthRateLimits.name, () => {
  function setup(hit: PostgresRateLimiter['hit']) {
    const limiter = { hit: jest.fn(hit) };
    const logger = { warn: jest.fn() };
    const sut = new AuthRateLimits(limiter as unknown as PostgresRateLimiter, { RATE_LIMIT_WINDOW_SECONDS: 60, RATE_LIMIT_AUTH_PER_IP: 60, RATE_LIMIT_AUTH_PER_ACCOUNT: 10 }, logger as unknown as Logger, new GatewayMetrics());
    return { sut, mocks: { limiter, logger } };
  }

  it('uses the per-address and per-account limits of the configuration', async () => {
    const { sut, mocks } = setup(async (_b, _s, limit) => ({ allowed: true, hits: 1, limit, retryAfterSeconds: 60 }));
    await sut.checkAddress('192.0.2.1');
    await sut.checkAccount('a@example.com');
    expect(mocks.limiter.hit.mock.calls).toEqual([
      ['ip', '192.0.2.1', 60, 60],
      ['account', 'a@example.com', 10, 60],
    ]);
  });

  it('refuses over the limit with the seconds left in the window', async () => {
    const { sut } = setup(async () => ({ allowed: false, hits: 11, limit: 10, retryAfterSeconds: 17 }));
    await expect(sut.checkAccount('a@example.com')).rejects.toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: 17 }));
    await expect(sut.checkAccount('a@example.com')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('lets requests through when the store does not answer, warning once in a while', async () => {
    const { sut, mocks } = setup(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    await expect(sut.checkAddress('192.0.2.1')).resolves.toBeUndefined();
    await expect(sut.checkAddress('192.0.2.1')).resolves.toBeUndefined();
    expect(mocks.logger.warn).toHaveBeenCalledTimes(1);
  });

  it('normalizes accounts like user-service does', () => {
    expect(normalizeAccount('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
